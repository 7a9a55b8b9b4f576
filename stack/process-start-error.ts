/**
 * A process that exited or never became ready. The message shows the log's last lines; `log` keeps all of it,
 * because the line that says why (a port taken, say) can be followed by a stack trace longer than that tail.
 */
export class ProcessStartError extends Error {
  constructor(
    message: string,
    readonly log: string,
  ) {
    super(message);
    this.name = 'ProcessStartError';
  }
}
