import type { Tier } from './report.js';

/**
 * Product terms as pure functions: which tier (payout level) an observation reaches. Tier 0 means
 * no payout. The contract's product configuration pays per tier; these thresholds must match it.
 */

/** A cancelled flight's observed value. */
export const CANCELLED = -1;

export const flightTerms = {
  /** Minutes of departure delay for tier 1 and 2; a cancellation is tier 3. */
  tier1DelayMinutes: 45,
  tier2DelayMinutes: 120,
} as const;

/** Tier of a flight from its departure delay in whole minutes, or `CANCELLED` (-1). */
export function flightTier(delayMinutesOrCancelled: number): Tier | 0 {
  if (delayMinutesOrCancelled === CANCELLED) return 3;
  if (delayMinutesOrCancelled >= flightTerms.tier2DelayMinutes) return 2;
  if (delayMinutesOrCancelled >= flightTerms.tier1DelayMinutes) return 1;
  return 0;
}

export const quakeTerms = {
  /** Magnitude x 10 for tiers 1, 2, 3 (M6.5+, M7.0+, M7.5+). */
  tier1MagX10: 65,
  tier2MagX10: 70,
  tier3MagX10: 75,
} as const;

/** Magnitude x 10, rounded half away from zero: the report's observed value for a quake (7.25 -> 73). */
export function magnitudeX10(magnitude: number): number {
  return Math.sign(magnitude) * Math.round(Math.abs(magnitude) * 10 + 1e-9);
}

/**
 * Tier of a quake from its magnitude x 10 (the rounded value the report carries, so the tier and the
 * observed value on chain always agree). Distance is checked by the caller (`withinRadius`).
 */
export function quakeTier(magX10: number): Tier | 0 {
  if (magX10 >= quakeTerms.tier3MagX10) return 3;
  if (magX10 >= quakeTerms.tier2MagX10) return 2;
  if (magX10 >= quakeTerms.tier1MagX10) return 1;
  return 0;
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in km between two points given in degrees (Haversine, mean Earth radius). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}
