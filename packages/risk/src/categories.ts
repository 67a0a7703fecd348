/** Risk categories and the explicit table from an incident's attack type to its category. */

export const categories = [
  'smart-contract-exploit',
  'custodial-exchange-hack',
  'oracle-manipulation',
  'bridge',
  'stablecoin-depeg',
  'flight-delay',
  'natural-catastrophe',
] as const;
export type Category = (typeof categories)[number];

export function isCategory(value: string): value is Category {
  return (categories as readonly string[]).includes(value);
}

/** Categories whose history is the DeFi incident list (counted per exposure unit, severity from USD losses). */
export const incidentCategories = ['smart-contract-exploit', 'custodial-exchange-hack', 'oracle-manipulation', 'bridge'] as const satisfies readonly Category[];
export type IncidentCategory = (typeof incidentCategories)[number];

/**
 * Every attack type in the DeFiHackLabs-derived incident list, mapped to a category. An attack type not
 * in this table is an error naming the row (`UnknownCategoryError`): a new label must be classified by a
 * person, never guessed. Price and flash-loan manipulation of a protocol's pricing is oracle manipulation;
 * private-key compromises are exploits of the protocol's operational security unless the protocol is
 * listed in `PROTOCOL_CATEGORY_OVERRIDES` (an exchange's hot wallet, a bridge's validators).
 */
export const ATTACK_TYPE_CATEGORIES: Readonly<Record<string, IncidentCategory>> = {
  'Logic Flaw': 'smart-contract-exploit',
  'Business Logic Flaw': 'smart-contract-exploit',
  Logic: 'smart-contract-exploit',
  'Access Control': 'smart-contract-exploit',
  'Reentrancy Attack': 'smart-contract-exploit',
  Reentrancy: 'smart-contract-exploit',
  'Incorrect Validation': 'smart-contract-exploit',
  'Lack of Input Validation': 'smart-contract-exploit',
  'Arbitrary Call': 'smart-contract-exploit',
  'Precision Loss': 'smart-contract-exploit',
  Overflow: 'smart-contract-exploit',
  'Signature Verification': 'smart-contract-exploit',
  'Inflation Attack': 'smart-contract-exploit',
  'Storage Collision': 'smart-contract-exploit',
  'Weak RNG': 'smart-contract-exploit',
  'Deflationary Token Incompatible': 'smart-contract-exploit',
  'Token Incompatible': 'smart-contract-exploit',
  'Reflection Token': 'smart-contract-exploit',
  Misconfiguration: 'smart-contract-exploit',
  'Denial Of Service': 'smart-contract-exploit',
  'Governance Attack': 'smart-contract-exploit',
  'Compromised Private Key': 'smart-contract-exploit',
  'Private Key Compromised': 'smart-contract-exploit',
  'Price Manipulation': 'oracle-manipulation',
  'Flash Loan Attack': 'oracle-manipulation',
  Slippage: 'oracle-manipulation',
  'Lack of Slippage Protection': 'oracle-manipulation',
  'Sandwich Attack': 'oracle-manipulation',
  'Front-running Attack': 'oracle-manipulation',
  'Swap Metapool Attack': 'oracle-manipulation',
  'Bridge Attack': 'bridge',
};

/**
 * Protocols whose category is not their attack type's: cross-chain bridges hit through other bugs, and
 * custodial exchanges (WazirX's multisig hot wallet). Exact protocol names as in the incident list.
 */
export const PROTOCOL_CATEGORY_OVERRIDES: Readonly<Record<string, IncidentCategory>> = {
  "Harmony's Horizon Bridge": 'bridge',
  'Nomad Bridge': 'bridge',
  'Ronin Bridge': 'bridge',
  'Ronin Network': 'bridge',
  XBridge: 'bridge',
  Allbridge: 'bridge',
  WazirX: 'custodial-exchange-hack',
};

/** The category of an incident, or undefined when neither table knows it. */
export function categoryOf(protocol: string, attackType: string): IncidentCategory | undefined {
  return PROTOCOL_CATEGORY_OVERRIDES[protocol] ?? ATTACK_TYPE_CATEGORIES[attackType];
}
