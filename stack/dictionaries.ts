import { isInstalled, OFFLINE_SOURCES } from '../api/offline-dictionary';
import { aptInstall, isRoot } from './apt';

export interface DictionaryStatus {
  installed: string[];
  missing: string[];
  /** Why the missing ones could not be installed. */
  problem?: string;
}

/**
 * The offline dictionaries (FreeDict, WordNet) stay in Debian's packages: installed with apt-get when missing and
 * this runs as root. Without them, look-ups ask the model instead and say so; nothing fails.
 */
export async function ensureDictionaries(dir: string): Promise<DictionaryStatus> {
  const sources = Object.values(OFFLINE_SOURCES);
  const present = () => sources.filter((source) => isInstalled(dir, source)).map((source) => source.package);
  let installed = present();
  const wanted = sources.map((source) => source.package).filter((name) => !installed.includes(name));
  let problem: string | undefined;
  if (wanted.length > 0) {
    if (dir !== '/usr/share/dictd') problem = `DICTIONARY_DIR is ${dir}, not where Debian installs them`;
    else if (!isRoot()) problem = `not root: run \`sudo apt-get install ${wanted.join(' ')}\``;
    else {
      try {
        await aptInstall(wanted);
      } catch (error) {
        problem = `apt-get failed: ${(error as Error).message.split('\n')[0]}`;
      }
      installed = present();
    }
  }
  const missing = sources.map((source) => source.package).filter((name) => !installed.includes(name));
  return { installed, missing, ...(missing.length > 0 && problem ? { problem } : {}) };
}

export function describeDictionaries(status: DictionaryStatus): string {
  if (status.missing.length === 0)
    return `offline FreeDict and WordNet (${status.installed.length} dictionaries)`;
  return `missing ${status.missing.join(', ')}${status.problem ? ` (${status.problem})` : ''}; those look-ups ask the model`;
}
