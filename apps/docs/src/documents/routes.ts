import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf, invalidField, notFound, Problem, ProblemError } from '@repo/service-kit';
import { Type } from 'typebox';
import type { DocumentRow } from '../db/schema.js';
import type { DocumentsRepository } from './documents-repository.js';
import { safeFileName } from './file-names.js';
import type { FileStore } from './file-store.js';

/** What the pipeline accepts; anything else is a 415 before a byte is stored. */
export const ALLOWED_TYPES = new Set(['text/plain', 'text/markdown', 'text/html', 'application/json']);

const Document = Type.Object({
  id: Type.String({ format: 'uuid' }),
  filename: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('processing'),
    Type.Literal('ready'),
    Type.Literal('failed'),
  ]),
  failureReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

const toDocument = (row: DocumentRow) => ({
  id: row.id,
  filename: row.filename,
  contentType: row.contentType,
  sizeBytes: row.sizeBytes,
  sha256: row.sha256,
  status: row.status,
  failureReason: row.failureReason,
  createdAt: row.createdAt.toISOString(),
});

const badUpload = (detail: string) => invalidField('body', 'file', detail);

/**
 * The multipart parser's own errors (no boundary, a body that ends before its closing
 * boundary) are the client's: 400. Our own problems, the parser's limits (which carry a
 * status) and system errors (a full disk: they name a syscall) stay what they are.
 */
const malformedMultipart = (error: unknown) =>
  error instanceof ProblemError ||
  (error as { statusCode?: number }).statusCode ||
  (error as { syscall?: string }).syscall
    ? error
    : new ProblemError(
        'malformed-request',
        `The multipart body cannot be read: ${error instanceof Error ? error.message : String(error)}.`,
      );

export interface DocumentsRoutesOptions {
  documents: DocumentsRepository;
  files: FileStore;
  maxUploadBytes: number;
}

export const documentsRoutes: FastifyPluginAsyncTypebox<DocumentsRoutesOptions> = async function documentsRoutes(
  app,
  deps,
) {
  const { maxUploadBytes } = deps;
  const tags = ['documents'];

  app.post(
    '/documents',
    {
      schema: {
        tags,
        consumes: ['multipart/form-data'],
        documentedBody: Type.Object({
          file: Type.String({
            format: 'binary',
            description: `One file of ${[...ALLOWED_TYPES].join(', ')}, at most maxUploadBytes.`,
          }),
        }),
        response: { 202: Document },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new ProblemError(
          'unsupported-media-type',
          'Upload the document as multipart/form-data with a "file" field.',
        );
      }
      const part = await request.file().catch((error: unknown) => {
        throw malformedMultipart(error);
      });
      if (!part || part.fieldname !== 'file') throw badUpload('is required');
      const contentType = (part.mimetype.split(';')[0] ?? '').trim().toLowerCase();
      if (!ALLOWED_TYPES.has(contentType)) {
        part.file.resume();
        throw new ProblemError(
          'unsupported-media-type',
          `${contentType} is not accepted; send ${[...ALLOWED_TYPES].join(', ')}.`,
        );
      }
      // The parser stops reading at the size limit; such a file is discarded, never kept.
      const received = await deps.files
        .receive(part.file, ({ sizeBytes }) => {
          if (part.file.truncated) {
            throw new ProblemError(
              'payload-too-large',
              `The file is larger than the limit of ${maxUploadBytes} bytes.`,
            );
          }
          if (sizeBytes === 0) throw badUpload('is empty');
        })
        .catch((error: unknown) => {
          throw malformedMultipart(error);
        });
      const document = await deps.documents
        .create(
          {
            ownerId: callerOf(request).subject,
            sha256: received.sha256,
            filename: safeFileName(part.filename),
            contentType,
            sizeBytes: received.sizeBytes,
          },
          received.keep,
        )
        .finally(received.discard);
      return reply.status(202).header('location', `/documents/${document.id}`).send(toDocument(document));
    },
  );

  app.get(
    '/documents/:id',
    {
      schema: {
        tags,
        params: Params,
        response: { 200: Type.Object({ ...Document.properties, chunks: Type.Integer() }), 404: Problem },
      },
    },
    async (request) => {
      const document = await deps.documents.get(request.params.id, callerOf(request).subject);
      if (!document) throw notFound(`No document ${request.params.id} among yours.`);
      return { ...toDocument(document), chunks: await deps.documents.chunkCount(document.id) };
    },
  );

  app.delete(
    '/documents/:id',
    { schema: { tags, params: Params, response: { 204: Type.Null(), 404: Problem } } },
    async (request, reply) => {
      if (!(await deps.documents.delete(callerOf(request).subject, request.params.id, deps.files.remove))) {
        throw notFound(`No document ${request.params.id} among yours.`);
      }
      return reply.status(204).send(null);
    },
  );
};
