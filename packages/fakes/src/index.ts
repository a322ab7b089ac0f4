export {
  answer,
  malformed,
  overloaded,
  rateLimited,
  serverError,
  stall,
  startFakeClaude,
  type ClaudeBehaviour,
  type FakeClaude,
  type RecordedClaudeRequest,
} from './fake-claude.js';
