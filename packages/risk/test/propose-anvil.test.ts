/**
 * End to end on anvil (port 8751): `bulwark-risk propose --submit` reads the deployed parameters,
 * proposes the model's rates and limits (clamped to +-50%), and the proposal passes, queues and
 * executes through the timelock: the CoverManager then holds exactly the proposed values.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { castProposalVote, contractsOf, coverManagerAbi, executeProposal, getProposal, queueProposal } from '@bulwark/sdk';
import { decodeFunctionData, type Address, type Hex } from 'viem';

import { anvilKey } from '../../../scripts/lib/chain.js';
import { startFixture, type Fixture } from '../../sdk/test/fixture.js';
import { main } from '../src/cli.js';

describe('propose on anvil', { timeout: 180_000 }, () => {
  let f: Fixture;
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-risk-propose-'));
  before(async () => {
    f = await startFixture(8751);
  });
  after(async () => {
    await f?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('proposes the recommended rates and limits, and governance can execute them', async () => {
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, anvilKey(5));
    await f.advance(60); // votes delegated in the fixture count from the next second on (timestamp clock)
    let out = '', err = '';
    const code = await main(
      ['propose', '--rpc-url', f.anvil.url, '--deployments', f.deploymentsDir, '--clamp', '--years', '5000', '--json', '--submit', '--key-file', keyFile],
      { out: (s) => (out += s), err: (s) => (err += `${s}\n`) },
    );
    assert.equal(code, 0, err);
    const json = JSON.parse(out) as { targets: Address[]; values: string[]; calldatas: Hex[]; description: string };
    const calls = { targets: json.targets, values: json.values.map(BigInt), calldatas: json.calldatas, description: json.description };
    const m = /proposed: id (\d+), tx 0x[0-9a-f]+, voting (\d+)-(\d+)/.exec(err);
    assert.ok(m, err);
    const proposalId = BigInt(m[1]!);
    await f.advance(Number(BigInt(m[2]!) - (await f.now())) + 1);
    for (const i of [5, 6, 7]) await castProposalVote(f.as(i), { proposalId, support: 'for' });
    await f.advance(Number(BigInt(m[3]!) - (await f.now())) + 1);
    const queued = await queueProposal(f.as(0), calls);
    await f.advance(Number(queued.eta - (await f.now())) + 1);
    await executeProposal(f.as(0), calls);
    assert.equal((await getProposal(f.reader, { proposalId })).state, 'executed');
    const { coverManager } = contractsOf(f.deployment);
    for (const data of calls.calldatas) {
      const call = decodeFunctionData({ abi: coverManagerAbi, data });
      if (call.functionName === 'updateProduct') {
        const [productId, params] = call.args;
        const onChain = await f.reader.public.readContract({ ...coverManager, functionName: 'product', args: [productId] });
        assert.equal(onChain.baseRateWad, params.baseRateWad);
        assert.equal(onChain.capWad, params.capWad);
      } else if (call.functionName === 'setPoolParams') {
        const onChain = await f.reader.public.readContract({ ...coverManager, functionName: 'poolParams' });
        assert.equal(onChain.leverageWad, call.args[0].leverageWad);
      }
    }
    assert.ok(calls.calldatas.length >= 2, 'rates of several products moved');
  });
});
