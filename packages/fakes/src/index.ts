export {
  answer,
  malformed,
  overloaded,
  startFakeClaude,
  type ClaudeBehaviour,
  type FakeClaude,
  type RecordedClaudeRequest,
} from './fake-claude.js';
export {
  embed,
  startFakeEmbeddings,
  wrongDimension,
  zeroVectors,
  type EmbeddingsBehaviour,
  type FakeEmbeddings,
  type FakeEmbeddingsOptions,
  type RecordedEmbeddingsRequest,
} from './fake-embeddings.js';
export { rateLimited, serverError, stall, type HttpFault } from './faults.js';
export {
  DEFAULT_LEXICON,
  cosineSimilarity,
  fromBase64Embedding,
  meaningVector,
  toBase64Embedding,
  wordsOf,
  type Lexicon,
} from './meaning-vectors.js';
