import { isolationSpecification } from './isolation-contract.js';

isolationSpecification('a', 'b');
