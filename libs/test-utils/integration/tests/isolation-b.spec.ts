import { isolationSpecification } from './isolation-contract.js';

isolationSpecification('b', 'a');
