/**
 * The KPIs of the seed's "Success Metrics" over time (`GET /api/insights`): aggregates only, so every
 * role with `insights.read` (marketing too) may see them. Definitions: `src/domain/insights/Kpis.ts`.
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { periodsBetween } from "../../domain/insights/InsightPeriods.ts";
import { composeInsights } from "../../domain/insights/Kpis.ts";
import type { Database } from "../db/database.ts";
import { countInsights } from "../db/InsightQueries.ts";
import { parse, uuid } from "./requestValidation.ts";
import { principalOf } from "./sessionAuth.ts";

export interface InsightsAdminOptions {
  db: Database;
}

const instant = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((value) => new Date(value));
const insightsQuery = z
  .object({
    from: instant,
    to: instant,
    bucket: z.enum(["week", "month"]).default("week"),
    /** For the bearer token, which sees every business. */
    businessId: uuid.optional(),
  })
  .refine((q) => !(q.to instanceof Date) || q.to > q.from, "to must be after from");
const MAX_RANGE_DAYS = 731;

export const insightsAdmin: FastifyPluginAsync<InsightsAdminOptions> = async (app, options) => {
  app.get("/api/insights", async (request, reply) => {
    const query = parse(insightsQuery, request.query, reply, "query");
    if (!query) return reply;
    if (query.to.getTime() - query.from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
      return reply.code(400).send({ error: `query: the range may span at most ${MAX_RANGE_DAYS} days` });
    }
    const principal = principalOf(request);
    const businessId = principal.businessId ?? query.businessId;
    if (!businessId)
      return reply.code(400).send({ error: "query.businessId: required with the bearer token" });
    if (principal.businessId && query.businessId && query.businessId !== principal.businessId) {
      return reply.code(404).send({ error: "no such business" });
    }
    const periods = periodsBetween(query.from, query.to, query.bucket);
    const insights = composeInsights(await countInsights(options.db, businessId, periods));
    return {
      // The range widened to whole periods: what every number below covers.
      range: {
        from: periods[0]?.start ?? query.from,
        to: periods.at(-1)?.end ?? query.to,
        bucket: query.bucket,
      },
      ...insights,
    };
  });
};
