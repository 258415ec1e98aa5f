/**
 * One line of the evaluation contract (shared/eval/README.md): the message id, its facts
 * (field, value, the field's structured parts, and the evidence) and its signals.
 */
import type { Extraction } from "./types.ts";

export function toContractLine(id: string, extraction: Extraction): Record<string, unknown> {
  return { id, facts: extraction.facts, signals: extraction.signals };
}
