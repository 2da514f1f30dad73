// verify-release/action.yml: only starts it.
import { runVerifyAction } from '../verify-release.js';

await runVerifyAction();
