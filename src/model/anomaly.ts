import { z } from 'zod';
import { EDITIONS, FIELDS } from './template';

/**
 * mappings/anomaly.yaml: which figures the ANOMALY.* warnings compare with the agency's own
 * earlier years and with the same year's peers, and how far is too far. Every key has a
 * default (docs/anomaly.md explains them), so the file may be absent or name only what a
 * center changes. It is part of the pipeline's fingerprint: a change re-evaluates.
 */

/** A figure compared: its floor, in its own unit (a count, or yuan for money). */
const FieldSpec = z
  .object({
    /** A move smaller than this (|figure - reference|) is never a jump, a figure below it never a peer outlier. */
    floor: z.number().nonnegative(),
  })
  .strict();

const knownField = (path: string): boolean => EDITIONS.some((e) => FIELDS[e].has(path));

export const DEFAULT_ANOMALY_FIELDS: Record<string, { floor: number }> = {
  'proactive.licensing.decisions': { floor: 100 },
  'proactive.otherServices.decisions': { floor: 100 },
  'proactive.penalties.decisions': { floor: 100 },
  'proactive.enforcement.decisions': { floor: 100 },
  'proactive.fees.amountYuan': { floor: 1_000_000 },
  'proactive.procurement.amountYuan': { floor: 1_000_000 },
  'applications.received.total': { floor: 100 },
};

export const AnomalySchema = z
  .object({
    /** Field path (as in the cleaned JSON) → its floor. Replaces the default list when given. */
    fields: z
      .record(z.string(), FieldSpec)
      .refine((fields) => Object.keys(fields).every(knownField), {
        message: `every key must be a field of the template, e.g. proactive.penalties.decisions`,
      })
      .default(DEFAULT_ANOMALY_FIELDS),
    /** How many earlier years of the agency's own are its history. */
    historyYears: z.number().int().min(1).max(10).default(2),
    unit: z
      .object({
        /** The slip's factor: 1 万元 = 10,000 元. */
        factor: z.number().gt(1).default(10_000),
        /** How far from exactly the factor a ratio may be and still look like the slip (×/÷). */
        tolerance: z.number().gt(1).default(5),
      })
      .strict()
      .default({ factor: 10_000, tolerance: 5 }),
    jump: z
      .object({
        /** A figure this many times (or this fraction of) every earlier year's is a jump. */
        ratio: z.number().gt(1).default(10),
      })
      .strict()
      .default({ ratio: 10 }),
    peer: z
      .object({
        /** Fewer agencies reporting the figure above 0 that year: no peer comparison. */
        minPeers: z.number().int().min(3).default(8),
        /** The peers' upper quantile a figure is measured against (0.75: three in four report at most it). */
        quantile: z.number().gt(0.5).max(1).default(0.75),
        /** Far outside: more than this many times that quantile. */
        factor: z.number().gt(1).default(10),
        /** A figure within this factor of one of the agency's other years is explained by its own figures. */
        explainedWithin: z.number().gt(1).default(5),
      })
      .strict()
      .default({ minPeers: 8, quantile: 0.75, factor: 10, explainedWithin: 5 }),
  })
  .strict();

export type AnomalySettings = z.output<typeof AnomalySchema>;

export const DEFAULT_ANOMALY: AnomalySettings = AnomalySchema.parse({});
