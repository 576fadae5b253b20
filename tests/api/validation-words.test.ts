/** Issue 14: a request-schema refusal reads Vietnamese in messageVi; zod's English stays in messageEn. */
import Fastify from 'fastify';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { schemaRefusalBody, type SchemaIssue } from '../../api/http-errors';

const Body = z.object({ met: z.boolean(), note: z.string().min(1), count: z.int().max(19), kind: z.enum(['a', 'b']) }).strict();

// The same compiler and refusal body as api/server.ts, on a route of its own.
const app = Fastify();
app.setValidatorCompiler(validatorCompiler);
app.setSerializerCompiler(serializerCompiler);
app.setErrorHandler((error, _req, reply) => {
  if (hasZodFastifySchemaValidationErrors(error))
    return reply.status(400).send(schemaRefusalBody(error.validation as unknown as SchemaIssue[], error.validationContext));
  return reply.status(500).send({});
});
app.withTypeProvider<ZodTypeProvider>().post('/t', { schema: { body: Body } }, async () => ({ ok: true }));
afterAll(() => app.close());

async function refusal(input: unknown) {
  const res = await app.inject({ method: 'POST', url: '/t', payload: input as object });
  expect(res.statusCode).toBe(400);
  return (res.json() as ReturnType<typeof schemaRefusalBody>).error;
}

it.each([
  [{ met: 'yes', note: 'x', count: 1, kind: 'a' }, 'body.met', 'Sai kiểu dữ liệu (cần giá trị có/không)'],
  [{ met: true, note: '', count: 1, kind: 'a' }, 'body.note', 'Không được để trống'],
  [{ met: true, note: 'x', count: 20, kind: 'a' }, 'body.count', 'Giá trị phải ≤ 19'],
  [{ met: true, note: 'x', count: 1, kind: 'c' }, 'body.kind', 'Giá trị không nằm trong các giá trị cho phép'],
  [{ met: true, note: 'x', count: 1, kind: 'a', extra: 1 }, 'body', 'Có trường không được phép: extra'],
])('%j → the field named, Vietnamese words only in messageVi', async (input, path, words) => {
  const e = await refusal(input);
  expect(e.path).toBe(path);
  expect(e.messageVi).toBe(`Dữ liệu không hợp lệ tại "${path}": ${words}`);
  expect(e.messageVi).not.toMatch(/Invalid|expected|Too (small|big)|received/);
  expect(e.messageEn).toMatch(/^Invalid input at/);
});
