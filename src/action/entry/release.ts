// release-step/action.yml: only starts it.
import { runReleaseAction } from '../release.js';

await runReleaseAction();
