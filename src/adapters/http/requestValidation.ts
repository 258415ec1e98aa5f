/** Zod at the HTTP boundary: a request part that does not fit gets a 400 naming each problem. */
import type { FastifyReply } from "fastify";
import type { z } from "zod";

export function parse<T>(
  schema: z.ZodType<T>,
  input: unknown,
  reply: FastifyReply,
  where: "path" | "query" | "body",
): T | null {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${[where, ...issue.path].join(".")}: ${issue.message}`,
  );
  reply.code(400).send({ error: problems.join("; ") });
  return null;
}
