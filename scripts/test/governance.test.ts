/**
 * End-to-end on anvil, with real signatures from the anvil development keys: the demo deployment
 * hands every admin role to the timelock, a token holders' proposal changes a product through the
 * governor and the timelock, and a claim goes from filing to payout and voter rewards.
 *
 * Needs compiled contracts (contracts/out: `npm run build`, or any `npm start`).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeFunctionData, keccak256, maxUint256, parseEventLogs, parseUnits, stringToHex, type Abi, type Address } from 'viem';

import { loadArtifact } from '../lib/artifacts.js';
import { anvilAddress, anvilKey, localClients, send, withKey, type Clients } from '../lib/chain.js';
import { BWK_SUPPLY, demoConfig, deployBulwark, Roles, wad, type Deployment } from '../lib/deploy.js';
import { startAnvil, type Anvil } from '../lib/foundry.js';

const PORT = 8661;
const DAY = 86_400;
const usdc = (value: string): bigint => parseUnits(value, 6);
const key = anvilKey;
const addressOf = anvilAddress;

const DEPLOYER = 0;
const GUARDIAN = 1;
const CLAIMANT = 2;
const DEPOSITOR = 3;
const ASSESSORS = [5, 6, 7, 8] as const;
const COVER_OWNER = 9;

/** OpenZeppelin IGovernor.ProposalState. */
const ProposalState = { Pending: 0, Active: 1, Canceled: 2, Defeated: 3, Succeeded: 4, Queued: 5, Expired: 6, Executed: 7 } as const;
/** IClaimsManager.CaseStatus. */
const CaseStatus = { None: 0, Voting: 1, Accepted: 2, Escalated: 3, Rejected: 4, Overturned: 5, Paid: 6, Payable: 7, Closed: 8 } as const;

interface Contract {
  address: Address;
  abi: Abi;
}

let anvil: Anvil;
let admin: Clients;
let d: Deployment;
let c: { usdc: Contract; manager: Contract; pool: Contract; bwk: Contract; timelock: Contract; governor: Contract; claims: Contract };

const as = (i: number): Clients => withKey(admin, key(i));
const read = <T>(contract: Contract, functionName: string, args: readonly unknown[] = []): Promise<T> =>
  admin.public.readContract({ ...contract, functionName, args }) as Promise<T>;
const rpc = (method: string, params: unknown[]) => admin.public.request({ method: method as never, params: params as never });
/** Moves the chain's clock `seconds` ahead and mines a block there. */
async function warp(seconds: number): Promise<void> {
  await rpc('evm_increaseTime', [seconds]);
  await rpc('evm_mine', []);
}
const now = async (): Promise<bigint> => (await admin.public.getBlock()).timestamp;
const balance = (account: Address) => read<bigint>(c.usdc, 'balanceOf', [account]);

before(async () => {
  anvil = await startAnvil({ port: PORT });
  admin = localClients(anvil.url, key(DEPLOYER));
  d = await deployBulwark(admin, demoConfig({ guardian: addressOf(GUARDIAN), assessors: ASSESSORS.map(addressOf) }));
  const contract = (address: Address, name: string): Contract => ({ address, abi: loadArtifact(name).abi });
  c = {
    usdc: contract(d.asset.address, 'MockUSDC'),
    manager: contract(d.contracts.CoverManager, 'CoverManager'),
    pool: contract(d.contracts.CoverPool, 'CoverPool'),
    bwk: contract(d.contracts.BulwarkToken, 'BulwarkToken'),
    timelock: contract(d.contracts.TimelockController, 'TimelockController'),
    governor: contract(d.contracts.BulwarkGovernor, 'BulwarkGovernor'),
    claims: contract(d.contracts.ClaimsManager, 'ClaimsManager'),
  };
  // Undelegated tokens do not vote: each assessor delegates to itself, then a second passes so the
  // delegation is in the past of every later snapshot.
  for (const i of ASSESSORS) await send(as(i), { ...c.bwk, functionName: 'delegate', args: [addressOf(i)] });
  await warp(1);
});

after(async () => {
  await anvil?.stop();
});

test('the demo deployment leaves every admin role with the timelock and none with the deployer', async () => {
  const deployer = addressOf(DEPLOYER);
  for (const [name, contract] of [['CoverManager', c.manager], ['CoverPool', c.pool], ['ClaimsManager', c.claims], ['TimelockController', c.timelock]] as const) {
    assert.equal(await read<boolean>(contract, 'hasRole', [Roles.DEFAULT_ADMIN, deployer]), false, `deployer is not admin of ${name}`);
    assert.equal(await read<boolean>(contract, 'hasRole', [Roles.DEFAULT_ADMIN, d.contracts.TimelockController]), true, `timelock is admin of ${name}`);
  }
  for (const role of [Roles.PROPOSER, Roles.CANCELLER, Roles.EXECUTOR]) {
    assert.equal(await read<boolean>(c.timelock, 'hasRole', [role, deployer]), false, `deployer has no timelock role ${role}`);
  }
  for (const role of [Roles.PROPOSER, Roles.CANCELLER]) {
    assert.equal(await read<boolean>(c.timelock, 'hasRole', [role, d.contracts.BulwarkGovernor]), true, `governor has timelock role ${role}`);
  }
  assert.equal(await read<boolean>(c.timelock, 'hasRole', [Roles.EXECUTOR, '0x0000000000000000000000000000000000000000']), true, 'anyone executes');
  assert.equal(await read<bigint>(c.timelock, 'getMinDelay'), BigInt(2 * DAY));
  assert.equal(await read<boolean>(c.claims, 'hasRole', [Roles.GUARDIAN, addressOf(GUARDIAN)]), true, 'claims guardian');

  assert.equal(await read<bigint>(c.bwk, 'totalSupply'), BWK_SUPPLY);
  assert.equal(await read<bigint>(c.bwk, 'balanceOf', [d.contracts.TimelockController]), (BWK_SUPPLY * 60n) / 100n, '60% to the DAO treasury');
  for (const i of ASSESSORS) assert.equal(await read<bigint>(c.bwk, 'balanceOf', [addressOf(i)]), BWK_SUPPLY / 10n, `10% to assessor ${i}`);

  assert.equal(await read<bigint>(c.governor, 'votingDelay'), BigInt(DAY));
  assert.equal(await read<bigint>(c.governor, 'votingPeriod'), BigInt(5 * DAY));
  assert.equal(await read<bigint>(c.governor, 'proposalThreshold'), parseUnits('100000', 18));
  assert.equal(await read<bigint>(c.governor, 'quorumNumerator'), 4n);
  assert.equal((await read<Address>(c.governor, 'timelock')).toLowerCase(), d.contracts.TimelockController.toLowerCase());

  const params = await read<{ treasury: Address; quorumWad: bigint; voterFeeWad: bigint; claimDeposit: bigint }>(c.claims, 'params');
  assert.equal(params.treasury.toLowerCase(), d.contracts.TimelockController.toLowerCase(), 'claims treasury is the timelock');
  assert.equal(params.quorumWad, wad('0.1'));
  assert.equal(params.claimDeposit, usdc('50'));
  const routes = { 'aave-v3-exploit': 'ClaimsManager', 'exchange-hack': 'ClaimsManager', 'usdc-depeg': 'ChainlinkDepegTrigger', 'flight-delay': 'SignedReportTrigger', earthquake: 'SignedReportTrigger' } as const;
  for (const product of d.products) {
    const p = await read<{ claimRoute: Address }>(c.manager, 'product', [BigInt(product.id)]);
    const route = routes[product.key as keyof typeof routes];
    assert.equal(product.claimRoute, route, `${product.key}'s route is recorded`);
    assert.equal(p.claimRoute.toLowerCase(), String(d.contracts[route]).toLowerCase(), `${product.key} routes claims to the ${route}`);
  }
  assert.equal(d.governance.timelockIsAdmin, true);
  assert.equal(d.governance.claims.treasury, d.contracts.TimelockController);
});

test('a proposal changes a product base rate through the governor and the timelock', async () => {
  const proposer = as(ASSESSORS[0]);
  const threshold = await read<bigint>(c.governor, 'proposalThreshold');
  const votes = await read<bigint>(c.bwk, 'getVotes', [addressOf(ASSESSORS[0])]);
  assert.ok(votes >= threshold, 'the proposer holds the threshold');

  const current = await read<Record<string, unknown> & { baseRateWad: bigint }>(c.manager, 'product', [1n]);
  assert.equal(current.baseRateWad, wad('0.025'));
  const targets = [c.manager.address];
  const values = [0n];
  const calldatas = [encodeFunctionData({ abi: c.manager.abi, functionName: 'updateProduct', args: [1n, { ...current, baseRateWad: wad('0.03') }] })];
  const description = 'Raise the base rate of product 1 (Aave v3 exploit) to 3% a year';
  const descriptionHash = keccak256(stringToHex(description));

  await send(proposer, { ...c.governor, functionName: 'propose', args: [targets, values, calldatas, description] });
  const id = await read<bigint>(c.governor, 'hashProposal', [targets, values, calldatas, descriptionHash]);
  const states = [await read<number>(c.governor, 'state', [id])];

  await warp(Number(await read<bigint>(c.governor, 'votingDelay')) + 1);
  states.push(await read<number>(c.governor, 'state', [id]));
  for (const i of ASSESSORS.slice(0, 2)) await send(as(i), { ...c.governor, functionName: 'castVote', args: [id, 1] });
  await send(as(ASSESSORS[2]), { ...c.governor, functionName: 'castVote', args: [id, 0] }); // one against
  const [against, forVotes] = await read<[bigint, bigint, bigint]>(c.governor, 'proposalVotes', [id]);
  assert.equal(forVotes, BWK_SUPPLY / 5n);
  assert.equal(against, BWK_SUPPLY / 10n);

  await warp(Number(await read<bigint>(c.governor, 'votingPeriod')) + 1);
  states.push(await read<number>(c.governor, 'state', [id]));
  await send(admin, { ...c.governor, functionName: 'queue', args: [targets, values, calldatas, descriptionHash] });
  states.push(await read<number>(c.governor, 'state', [id]));

  // The timelock's delay has not passed yet.
  await assert.rejects(
    admin.public.simulateContract({ ...c.governor, functionName: 'execute', args: [targets, values, calldatas, descriptionHash], account: admin.wallet.account }),
  );
  await warp(Number(await read<bigint>(c.timelock, 'getMinDelay')) + 1);
  await send(admin, { ...c.governor, functionName: 'execute', args: [targets, values, calldatas, descriptionHash] });
  states.push(await read<number>(c.governor, 'state', [id]));

  assert.deepEqual(states, [ProposalState.Pending, ProposalState.Active, ProposalState.Succeeded, ProposalState.Queued, ProposalState.Executed]);
  const updated = await read<{ baseRateWad: bigint; termsURI: string }>(c.manager, 'product', [1n]);
  assert.equal(updated.baseRateWad, wad('0.03'), 'the timelock updated the product');
  assert.equal(updated.termsURI, current.termsURI, 'the other parameters are unchanged');
});

test('a claim is filed, voted, resolved, paid, and the voters take their reward', async () => {
  const owner = as(COVER_OWNER);
  const claimant = as(CLAIMANT);
  const depositor = as(DEPOSITOR);
  for (const account of [owner, claimant, depositor]) {
    await send(account, { ...c.usdc, functionName: 'faucet', args: [account.wallet.account.address, usdc('1000000')] });
  }
  await send(depositor, { ...c.usdc, functionName: 'approve', args: [c.pool.address, maxUint256] });
  await send(depositor, { ...c.pool, functionName: 'deposit', args: [usdc('500000'), depositor.wallet.account.address] });

  // The owner buys cover and lets another address file the claim for it.
  await send(owner, { ...c.usdc, functionName: 'approve', args: [c.manager.address, maxUint256] });
  const bought = await send(owner, {
    ...c.manager, functionName: 'buyCover',
    args: [{ productId: 1n, riskKey: `0x${'0'.repeat(64)}`, amount: usdc('10000'), period: BigInt(60 * DAY), maxPremium: maxUint256, recipient: owner.wallet.account.address }],
  });
  const [boughtEvent] = parseEventLogs({ abi: c.manager.abi, logs: bought.logs, eventName: 'CoverBought' });
  const coverId = (boughtEvent?.args as { coverId: bigint } | undefined)?.coverId;
  assert.ok(coverId, 'CoverBought emitted');
  await send(owner, { ...c.manager, functionName: 'approve', args: [claimant.wallet.account.address, coverId] });

  await warp(DAY + 3_600); // past the waiting period
  const incidentTime = (await now()) - 600n;
  const claimAmount = usdc('4000');
  const deposit = usdc('50');
  await send(claimant, { ...c.usdc, functionName: 'approve', args: [c.claims.address, deposit] });
  const claimantBefore = await balance(claimant.wallet.account.address);
  const filed = await send(claimant, { ...c.claims, functionName: 'fileClaim', args: [coverId, claimAmount, incidentTime, 'ipfs://bulwark-demo/evidence/1'] });
  const [filedEvent] = parseEventLogs({ abi: c.claims.abi, logs: filed.logs, eventName: 'ClaimFiled' });
  const caseId = (filedEvent?.args as { caseId: bigint } | undefined)?.caseId;
  assert.ok(caseId, 'ClaimFiled emitted');
  assert.equal(await balance(claimant.wallet.account.address), claimantBefore - deposit, 'the deposit was taken');
  assert.equal(await read<bigint>(c.manager, 'openClaims'), 1n);

  const voters = ASSESSORS.slice(0, 2);
  for (const i of voters) await send(as(i), { ...c.claims, functionName: 'castVote', args: [caseId, true] });
  let kase = await read<{ status: number; forVotes: bigint; againstVotes: bigint }>(c.claims, 'getCase', [caseId]);
  assert.equal(kase.forVotes, BWK_SUPPLY / 5n);
  assert.ok(kase.forVotes >= (await read<bigint>(c.claims, 'quorumOf', [caseId])), 'quorum reached');

  await warp(3 * DAY + 1);
  await send(admin, { ...c.claims, functionName: 'resolve', args: [caseId] });
  kase = await read(c.claims, 'getCase', [caseId]);
  assert.equal(kase.status, CaseStatus.Accepted);

  await warp(2 * DAY + 1);
  const ownerBefore = await balance(owner.wallet.account.address);
  const claimantBeforePay = await balance(claimant.wallet.account.address);
  await send(depositor, { ...c.claims, functionName: 'payClaim', args: [caseId] }); // anyone may call it
  assert.equal(await balance(owner.wallet.account.address), ownerBefore + claimAmount, 'the cover owner received the claim');
  const fee = deposit / 5n; // voter fee 20%
  assert.equal(await balance(claimant.wallet.account.address), claimantBeforePay + deposit - fee, 'the claimant got the deposit minus 20% back');
  kase = await read(c.claims, 'getCase', [caseId]);
  assert.equal(kase.status, CaseStatus.Paid);
  assert.equal(await read<bigint>(c.manager, 'openClaims'), 0n);
  assert.equal((await read<{ amount: bigint }>(c.manager, 'cover', [coverId])).amount, usdc('10000') - claimAmount);

  // Two equal voters share the 20% fee.
  const voter = as(voters[0]!);
  const reward = await read<bigint>(c.claims, 'rewardOf', [caseId, voter.wallet.account.address]);
  assert.equal(reward, fee / 2n);
  const voterBefore = await balance(voter.wallet.account.address);
  await send(voter, { ...c.claims, functionName: 'claimRewards', args: [[caseId]] });
  assert.equal(await balance(voter.wallet.account.address), voterBefore + reward);
  assert.equal(await read<bigint>(c.claims, 'rewardOf', [caseId, voter.wallet.account.address]), 0n, 'taken once');
});
