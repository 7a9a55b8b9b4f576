import { drain, processIo } from './io';
import { runCli } from './program';

const io = processIo();
runCli(process.argv, io).then(async (code) => {
  // Exit explicitly: an idle keep-alive socket or a Temporal runtime must not hold a finished command open.
  await Promise.all([drain(io.out), drain(io.err)]);
  process.exit(code);
});
