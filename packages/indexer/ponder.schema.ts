/**
 * Tables of the Bulwark indexer. Amounts are `bigint` (NUMERIC(78)) in base units, addresses lowercase
 * hex, times unix seconds. Every row is rebuilt from logs (plus contract reads at the log's block for
 * the pool series), so a reorg or a re-index gives the same rows.
 */
import { index, onchainTable, primaryKey, relations } from 'ponder';

export const product = onchainTable('product', (t) => ({
  id: t.bigint().primaryKey(),
  key: t.text(),
  name: t.text(),
  kind: t.text(),
  status: t.text().notNull(),
  salesPausedUntil: t.integer().notNull(),
  payoutsPausedUntil: t.integer().notNull(),
  openIncidents: t.integer().notNull(),
  claimRoute: t.hex().notNull(),
  claimRouteKind: t.text().notNull(),
  payoutRule: t.text().notNull(),
  baseRateWad: t.bigint().notNull(),
  capWad: t.bigint().notNull(),
  maxCoverAmount: t.bigint().notNull(),
  minPeriod: t.integer().notNull(),
  maxPeriod: t.integer().notNull(),
  waitingPeriod: t.integer().notNull(),
  claimGracePeriod: t.integer().notNull(),
  termsUri: t.text().notNull(),
  listedAt: t.integer().notNull(),
  coversSold: t.integer().notNull(),
  premiumsWritten: t.bigint().notNull(),
  claimsPaid: t.bigint().notNull(),
}));

export const cover = onchainTable(
  'cover',
  (t) => ({
    id: t.bigint().primaryKey(),
    productId: t.bigint().notNull(),
    owner: t.hex().notNull(),
    buyer: t.hex().notNull(),
    riskKey: t.hex().notNull(),
    amount: t.bigint().notNull(),
    paid: t.bigint().notNull(),
    premium: t.bigint().notNull(),
    start: t.integer().notNull(),
    end: t.integer().notNull(),
    cancelled: t.boolean().notNull(),
    /** A claim on it is being assessed (its claim case is voting, accepted or escalated): `FLAG_CLAIM_OPEN`. */
    claimOpen: t.boolean().notNull(),
    refund: t.bigint(),
    cancelledAt: t.integer(),
    createdAt: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    ownerIdx: index().on(table.owner, table.id),
    productIdx: index().on(table.productId, table.id),
    endIdx: index().on(table.end),
  }),
);

/** One `CoverPaid` (any route), linked to its case or trigger event by the route's event of the same tx. */
export const payout = onchainTable(
  'payout',
  (t) => ({
    id: t.text().primaryKey(),
    coverId: t.bigint().notNull(),
    amount: t.bigint().notNull(),
    kind: t.text().notNull(),
    route: t.hex().notNull(),
    caseId: t.bigint(),
    eventKey: t.text(),
    owner: t.hex().notNull(),
    incidentTime: t.integer().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ coverIdx: index().on(table.coverId), eventIdx: index().on(table.eventKey) }),
);

/** `<txHash>:<coverId>` -> the payout row of that cover in that transaction (routes emit after `CoverPaid`). */
export const payoutLink = onchainTable('payout_link', (t) => ({
  id: t.text().primaryKey(),
  payoutId: t.text().notNull(),
}));

export const claimCase = onchainTable(
  'claim_case',
  (t) => ({
    id: t.bigint().primaryKey(),
    kind: t.text().notNull(),
    productId: t.bigint().notNull(),
    coverId: t.bigint(),
    filer: t.hex().notNull(),
    amount: t.bigint(),
    payoutWad: t.bigint(),
    incidentTime: t.integer().notNull(),
    deposit: t.bigint().notNull(),
    evidenceUri: t.text().notNull(),
    status: t.text().notNull(),
    createdAt: t.integer().notNull(),
    voteEnd: t.integer().notNull(),
    challengeEnd: t.integer(),
    payoutWindowEnd: t.integer(),
    votesFor: t.bigint().notNull(),
    votesAgainst: t.bigint().notNull(),
    voteCount: t.integer().notNull(),
    quorum: t.bigint(),
    paid: t.bigint().notNull(),
    coversPaid: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({
    kindIdx: index().on(table.kind, table.id),
    filerIdx: index().on(table.filer),
    coverIdx: index().on(table.coverId),
    statusIdx: index().on(table.status),
  }),
);

export const caseStep = onchainTable(
  'case_step',
  (t) => ({
    id: t.text().primaryKey(),
    caseId: t.bigint().notNull(),
    step: t.text().notNull(),
    status: t.text().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ caseIdx: index().on(table.caseId) }),
);

export const caseVote = onchainTable(
  'case_vote',
  (t) => ({
    caseId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    support: t.boolean().notNull(),
    weight: t.bigint().notNull(),
    /** Voter reward taken (`RewardClaimed`), asset units. */
    reward: t.bigint(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.caseId, table.voter] }), caseIdx: index().on(table.caseId) }),
);

/** The pool and its running sums (premiums written, cancellation refunds). */
export const pool = onchainTable('pool', (t) => ({
  address: t.hex().primaryKey(),
  manager: t.hex().notNull(),
  asset: t.hex().notNull(),
  shareDecimals: t.integer().notNull(),
  leverageWad: t.bigint().notNull(),
  premiumsWritten: t.bigint().notNull(),
  refunds: t.bigint().notNull(),
  claimsPaid: t.bigint().notNull(),
}));

/** Sales of a product's risk closed by its claim route after an event (`RiskClosedByRoute`). */
export const closedRisk = onchainTable('closed_risk', (t) => ({
  id: t.text().primaryKey(),
  productId: t.bigint().notNull(),
  riskKey: t.hex().notNull(),
  timestamp: t.integer().notNull(),
  blockNumber: t.bigint().notNull(),
  txHash: t.hex().notNull(),
}));

/**
 * Every governance or configuration change (pool and product parameters, fees, pause limits, claims
 * parameters, trigger terms and signers, governor settings, roles): the event's name and its decoded
 * arguments (bigints as decimal strings), in log order.
 */
export const configChange = onchainTable(
  'config_change',
  (t) => ({
    id: t.text().primaryKey(),
    contract: t.text().notNull(),
    address: t.hex().notNull(),
    event: t.text().notNull(),
    args: t.json().$type<Record<string, unknown>>().notNull(),
    /** The transaction's sender (for a governance change: whoever executed the proposal). */
    from: t.hex().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ orderIdx: index().on(table.blockNumber, table.logIndex), contractIdx: index().on(table.contract, table.blockNumber, table.logIndex) }),
);

/** The pool's state at the end of each block that changed it (contract reads at that block). */
export const poolPoint = onchainTable(
  'pool_point',
  (t) => ({
    pool: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.integer().notNull(),
    capital: t.bigint().notNull(),
    activeCover: t.bigint().notNull(),
    requiredCapital: t.bigint().notNull(),
    utilizationWad: t.bigint().notNull(),
    sharePriceWad: t.bigint().notNull(),
    unearnedPremium: t.bigint().notNull(),
    premiumsWritten: t.bigint().notNull(),
    refunds: t.bigint().notNull(),
    premiumsEarned: t.bigint().notNull(),
    /** Cumulative payouts to cover owners up to the end of the block. */
    claimsPaid: t.bigint().notNull(),
    totalSupply: t.bigint().notNull(),
    leverageWad: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.pool, table.blockNumber] }), timeIdx: index().on(table.pool, table.timestamp) }),
);

/** Open withdrawal request of each depositor (shares still queued). */
export const withdrawalRequest = onchainTable('withdrawal_request', (t) => ({
  owner: t.hex().primaryKey(),
  shares: t.bigint().notNull(),
  unlocksAt: t.integer().notNull(),
  expiresAt: t.integer().notNull(),
}));

export const proposal = onchainTable('proposal', (t) => ({
  id: t.bigint().primaryKey(),
  proposer: t.hex().notNull(),
  description: t.text().notNull(),
  targets: t.json().$type<string[]>().notNull(),
  values: t.json().$type<string[]>().notNull(),
  calldatas: t.json().$type<string[]>().notNull(),
  signatures: t.json().$type<string[]>().notNull(),
  voteStart: t.bigint().notNull(),
  voteEnd: t.bigint().notNull(),
  eta: t.bigint(),
  queued: t.boolean().notNull(),
  executed: t.boolean().notNull(),
  canceled: t.boolean().notNull(),
  votesFor: t.bigint().notNull(),
  votesAgainst: t.bigint().notNull(),
  votesAbstain: t.bigint().notNull(),
  voteCount: t.integer().notNull(),
  quorum: t.bigint().notNull(),
  createdAt: t.integer().notNull(),
  blockNumber: t.bigint().notNull(),
  txHash: t.hex().notNull(),
}));

export const proposalStep = onchainTable(
  'proposal_step',
  (t) => ({
    id: t.text().primaryKey(),
    proposalId: t.bigint().notNull(),
    step: t.text().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ proposalIdx: index().on(table.proposalId) }),
);

export const proposalVote = onchainTable(
  'proposal_vote',
  (t) => ({
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    support: t.integer().notNull(),
    weight: t.bigint().notNull(),
    reason: t.text().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.proposalId, table.voter] }), proposalIdx: index().on(table.proposalId) }),
);

/** A proven parametric event; `id` is `<trigger>:<eventId>`. */
export const triggerEvent = onchainTable(
  'trigger_event',
  (t) => ({
    id: t.text().primaryKey(),
    trigger: t.hex().notNull(),
    triggerKind: t.text().notNull(),
    eventId: t.bigint().notNull(),
    productId: t.bigint().notNull(),
    riskKey: t.hex().notNull(),
    incidentTime: t.integer().notNull(),
    payoutWad: t.bigint().notNull(),
    provenAt: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
    closedAt: t.integer(),
    reportId: t.bigint(),
    totalPaid: t.bigint().notNull(),
    coversPaid: t.integer().notNull(),
  }),
  (table) => ({ productIdx: index().on(table.productId), orderIdx: index().on(table.blockNumber, table.logIndex) }),
);

/** A signed report (SignedReportTrigger); `id` is `<trigger>:<reportId>`. */
export const triggerReport = onchainTable(
  'trigger_report',
  (t) => ({
    id: t.text().primaryKey(),
    trigger: t.hex().notNull(),
    reportId: t.bigint().notNull(),
    productId: t.bigint().notNull(),
    riskKey: t.hex().notNull(),
    eventTime: t.integer().notNull(),
    observedValue: t.bigint().notNull(),
    tier: t.integer().notNull(),
    nonce: t.bigint().notNull(),
    finalizableAt: t.integer().notNull(),
    submittedAt: t.integer().notNull(),
    status: t.text().notNull(),
    eventKey: t.text(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ eventIdx: index().on(table.eventKey) }),
);

/** `<trigger>:<eventId>` -> the report finalized into it (`ReportFinalized` precedes `Triggered`). */
export const eventReport = onchainTable('event_report', (t) => ({
  id: t.text().primaryKey(),
  reportId: t.bigint().notNull(),
}));

export const triggerPayout = onchainTable(
  'trigger_payout',
  (t) => ({
    id: t.text().primaryKey(),
    eventKey: t.text().notNull(),
    coverId: t.bigint().notNull(),
    owner: t.hex().notNull(),
    amount: t.bigint().notNull(),
    timestamp: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ eventIdx: index().on(table.eventKey, table.blockNumber, table.logIndex) }),
);

export const coverRelations = relations(cover, ({ many, one }) => ({
  payouts: many(payout),
  product: one(product, { fields: [cover.productId], references: [product.id] }),
}));
export const payoutRelations = relations(payout, ({ one }) => ({
  cover: one(cover, { fields: [payout.coverId], references: [cover.id] }),
}));
export const caseRelations = relations(claimCase, ({ many }) => ({ steps: many(caseStep), votes: many(caseVote) }));
export const caseStepRelations = relations(caseStep, ({ one }) => ({
  case: one(claimCase, { fields: [caseStep.caseId], references: [claimCase.id] }),
}));
export const caseVoteRelations = relations(caseVote, ({ one }) => ({
  case: one(claimCase, { fields: [caseVote.caseId], references: [claimCase.id] }),
}));
export const proposalRelations = relations(proposal, ({ many }) => ({ steps: many(proposalStep), votes: many(proposalVote) }));
export const proposalStepRelations = relations(proposalStep, ({ one }) => ({
  proposal: one(proposal, { fields: [proposalStep.proposalId], references: [proposal.id] }),
}));
export const proposalVoteRelations = relations(proposalVote, ({ one }) => ({
  proposal: one(proposal, { fields: [proposalVote.proposalId], references: [proposal.id] }),
}));
export const triggerEventRelations = relations(triggerEvent, ({ many }) => ({ payouts: many(triggerPayout) }));
export const triggerPayoutRelations = relations(triggerPayout, ({ one }) => ({
  event: one(triggerEvent, { fields: [triggerPayout.eventKey], references: [triggerEvent.id] }),
}));
