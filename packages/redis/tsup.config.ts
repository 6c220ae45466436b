import pkg from './package.json' with { type: 'json' };
import { libraryConfig } from '../../tsup.shared.js';

export default libraryConfig(pkg);
