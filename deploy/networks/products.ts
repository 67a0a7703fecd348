/**
 * The five products the design names, one of each kind, priced for a 6-decimal USDC pool. The
 * protocol exploit and the exchange hack are decided by token holders (ClaimsManager); the de-peg by
 * the USDC/USD feed (ChainlinkDepegTrigger); flight delay and earthquake by oracle-signed reports
 * (SignedReportTrigger).
 *
 * De-peg terms: USDC/USD below $0.95 for at least one hour, with no gap between rounds over the
 * feed's 24 h heartbeat (plus an hour of margin), pays the shortfall below $1.00 at the price of the
 * round that completes the hour, at most 50% of the cover; the trigger re-arms once the feed is back
 * at or above $0.98. Flight delay: departure delay 45 min+ pays 25%, 2 h+ 50%, a cancellation 100%.
 * Earthquake within 50 km: M6.5+ pays 50%, M7.0+ 75%, M7.5+ 100%.
 */
import { DAY, HOUR, PayoutRule, usdc, wad, type ProductConfig } from './config.js';

/** Time the guardian or governance has to void an oracle report before it pays. */
export interface ProductTiming {
  reportDisputeWindow: number;
}

/** The products, with terms documents under `termsBase` (`<termsBase>/<key>`). */
export function standardProducts(termsBase: string, timing: ProductTiming = { reportDisputeWindow: HOUR }): ProductConfig[] {
  return [
    {
      key: 'aave-v3-exploit', name: 'Aave v3 smart-contract exploit', kind: 'protocol-exploit', payoutRule: PayoutRule.Assessed,
      baseRateWad: wad('0.025'), capWad: wad('0.5'), maxCoverAmount: usdc('250000'),
      minPeriod: 30 * DAY, maxPeriod: 365 * DAY, waitingPeriod: DAY, claimGracePeriod: 30 * DAY,
      termsURI: `${termsBase}/protocol-exploit`,
    },
    {
      key: 'exchange-hack', name: 'Custodial exchange hack', kind: 'custodial-hack', payoutRule: PayoutRule.Assessed,
      baseRateWad: wad('0.035'), capWad: wad('0.3'), maxCoverAmount: usdc('100000'),
      minPeriod: 30 * DAY, maxPeriod: 365 * DAY, waitingPeriod: DAY, claimGracePeriod: 30 * DAY,
      termsURI: `${termsBase}/exchange-hack`,
    },
    {
      key: 'usdc-depeg', name: 'USDC de-peg below $0.95', kind: 'depeg', payoutRule: PayoutRule.TriggerProportional,
      baseRateWad: wad('0.015'), capWad: wad('0.5'), maxCoverAmount: usdc('500000'),
      minPeriod: 7 * DAY, maxPeriod: 365 * DAY, waitingPeriod: DAY, claimGracePeriod: 14 * DAY,
      termsURI: `${termsBase}/usdc-depeg`,
      route: {
        kind: 'depeg', feed: 'USDC/USD', heartbeat: DAY + HOUR, minDuration: HOUR, payoutWindow: 7 * DAY,
        threshold: 95_000_000n, recoverPrice: 98_000_000n, referencePrice: 100_000_000n,
        minAnswer: 1_000_000n, maxAnswer: 200_000_000n, proportional: true, payoutWad: wad('0.5'),
      },
    },
    {
      key: 'flight-delay', name: 'Flight delay (45 min / 2 h / cancelled)', kind: 'flight-delay', payoutRule: PayoutRule.TriggerFixed,
      baseRateWad: wad('4'), capWad: wad('0.1'), maxCoverAmount: usdc('2000'),
      minPeriod: DAY, maxPeriod: 30 * DAY, waitingPeriod: 0, claimGracePeriod: 7 * DAY,
      termsURI: `${termsBase}/flight-delay`,
      route: { kind: 'report', tierPayoutsWad: [wad('0.25'), wad('0.5'), wad('1')], disputeWindow: timing.reportDisputeWindow, payoutWindow: 7 * DAY },
    },
    {
      key: 'earthquake', name: 'Earthquake M6.5+ within 50 km', kind: 'catastrophe', payoutRule: PayoutRule.TriggerFixed,
      baseRateWad: wad('0.04'), capWad: wad('0.3'), maxCoverAmount: usdc('50000'),
      minPeriod: 30 * DAY, maxPeriod: 365 * DAY, waitingPeriod: 7 * DAY, claimGracePeriod: 30 * DAY,
      termsURI: `${termsBase}/earthquake`,
      route: { kind: 'report', tierPayoutsWad: [wad('0.5'), wad('0.75'), wad('1')], disputeWindow: timing.reportDisputeWindow, payoutWindow: 30 * DAY },
    },
  ];
}
