/** Zod at the HTTP boundary: a request part that does not fit gets a 400 naming each problem. */
import type { FastifyReply } from "fastify";
import { z } from "zod";

/** An id in a path or query. */
export const uuid = z.uuid("must be a UUID");

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
