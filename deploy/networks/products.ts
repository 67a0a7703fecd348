/**
 * The five products the design names, one of each kind, priced for a 6-decimal USDC pool. Every one
 * routes its claims to the token holders' ClaimsManager for now; the parametric products move to their
 * trigger contracts when those exist.
 */
import { DAY, PayoutRule, usdc, wad, type ProductConfig } from './config.js';

/** The products, with terms documents under `termsBase` (`<termsBase>/<key>`). */
export function standardProducts(termsBase: string): ProductConfig[] {
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
      // Decided by the USDC/USD feed once the de-peg trigger exists.
      key: 'usdc-depeg', name: 'USDC de-peg below $0.95', kind: 'depeg', payoutRule: PayoutRule.TriggerProportional,
      baseRateWad: wad('0.015'), capWad: wad('0.5'), maxCoverAmount: usdc('500000'),
      minPeriod: 7 * DAY, maxPeriod: 365 * DAY, waitingPeriod: DAY, claimGracePeriod: 14 * DAY,
      termsURI: `${termsBase}/usdc-depeg`,
    },
    {
      key: 'flight-delay', name: 'Flight delay (45 min / 2 h / cancelled)', kind: 'flight-delay', payoutRule: PayoutRule.TriggerFixed,
      baseRateWad: wad('4'), capWad: wad('0.1'), maxCoverAmount: usdc('2000'),
      minPeriod: DAY, maxPeriod: 30 * DAY, waitingPeriod: 0, claimGracePeriod: 7 * DAY,
      termsURI: `${termsBase}/flight-delay`,
    },
    {
      key: 'earthquake', name: 'Earthquake M6.5+ within 50 km', kind: 'catastrophe', payoutRule: PayoutRule.TriggerFixed,
      baseRateWad: wad('0.04'), capWad: wad('0.3'), maxCoverAmount: usdc('50000'),
      minPeriod: 30 * DAY, maxPeriod: 365 * DAY, waitingPeriod: 7 * DAY, claimGracePeriod: 30 * DAY,
      termsURI: `${termsBase}/earthquake`,
    },
  ];
}
