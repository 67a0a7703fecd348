import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { BulwarkContractError, BulwarkError, RpcError, type WriteProgress } from '@bulwark/sdk';
import type { Hash } from 'viem';

import { useBulwark } from './bulwark.js';
import { formatAmount, formatDate } from './format.js';
import { dictionaries, useI18n, type Translate, type Locale, type MessageKey } from './i18n/index.js';

/** Which arguments of a contract error are asset amounts and which are times, for the translated messages. */
const errorArgs: Record<string, { amounts?: number[]; times?: number[] }> = {
  PoolCapacityExceeded: { amounts: [0, 1] },
  ProductCapacityExceeded: { amounts: [1, 2] },
  InsufficientCapital: { amounts: [0, 1] },
  SalesPaused: { times: [1] },
  CoverAmountTooLarge: { amounts: [1, 2] },
  PremiumAboveMax: { amounts: [0, 1] },
  ClaimWindowClosed: { times: [1] },
  InWaitingPeriod: { times: [1, 2] },
  CoverNotActiveAt: { times: [1, 2, 3] },
  WithdrawalCoolingDown: { times: [1] },
  WithdrawalWindowClosed: { times: [1] },
  CapitalRequiredByCover: { amounts: [0, 1] },
  ERC20InsufficientBalance: { amounts: [1, 2] },
  ERC20InsufficientAllowance: { amounts: [1, 2] },
  NoVotingPower: { times: [2] },
  VotingClosed: { times: [1] },
  VotingOpen: { times: [1] },
  ChallengeOpen: { times: [1] },
  FaucetLimit: { amounts: [0, 1] },
};

export type TxState = { run?: number } & (
  | { status: 'idle' }
  | { status: 'signing' }
  | { status: 'pending'; hash: Hash }
  | { status: 'confirmed'; hash?: Hash | undefined; message?: string | undefined }
  | { status: 'failed'; reason: string }
);

/** True when the user turned the request down in the wallet (EIP-1193 code 4001), anywhere in the cause chain. */
function isRejection(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, name } = e as { code?: unknown; name?: unknown };
    if (code === 4001 || name === 'UserRejectedRequestError') return true;
  }
  return false;
}

/** A failure in plain words: the contract's decoded reason with amounts in the asset, else the SDK's message. */
export function explainError(error: unknown, t: Translate, locale: Locale, decimals: number, symbol: string): string {
  if (isRejection(error)) return t('tx.rejected');
  const amount = (value: bigint) => `${formatAmount(locale, value, decimals)} ${symbol}`;
  if (error instanceof BulwarkContractError) {
    // The errors users meet read in their language; any other keeps the SDK's English description.
    const key = `err.${error.errorName}`;
    if (key in dictionaries[locale]) {
      const kinds = errorArgs[error.errorName] ?? {};
      const args = (error.args ?? []) as readonly unknown[];
      const values = Object.fromEntries(
        args.map((arg, i) => [
          String(i),
          typeof arg === 'bigint' && kinds.amounts?.includes(i) ? amount(arg)
          : (typeof arg === 'bigint' || typeof arg === 'number') && kinds.times?.includes(i) ? formatDate(locale, arg)
          : String(arg),
        ]),
      );
      return t(key as MessageKey, values);
    }
    return error.describe(amount);
  }
  if (error instanceof RpcError) return t('err.rpc');
  if (error instanceof BulwarkError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one write and tracks it: signing (the wallet is asked), pending (sent, hash known), confirmed
 * or failed with the decoded reason. On success every query refetches now and again shortly after,
 * when the indexer has caught up; on failure the chain reads refetch (the quote that moved, say).
 */
export function useTx() {
  const [state, setState] = useState<TxState>({ status: 'idle' });
  const queryClient = useQueryClient();
  const { t, locale } = useI18n();
  const { decimals, symbol, account } = useBulwark();
  const busy = useRef(false);
  const runs = useRef(0);
  // Another account: the last outcome was someone else's.
  useEffect(() => setState({ status: 'idle' }), [account]);
  const run = useCallback(
    async <T,>(send: (onProgress: (p: WriteProgress) => void) => Promise<T>, success?: (result: T) => string): Promise<T | undefined> => {
      if (busy.current) return undefined;
      busy.current = true;
      const run = ++runs.current;
      setState({ status: 'signing', run });
      let hash: Hash | undefined;
      try {
        const result = await send((p) => {
          if (p.stage === 'sent') {
            hash = p.hash;
            setState({ status: 'pending', hash: p.hash, run });
          } else if (p.stage === 'mined') {
            // An approval before the main transaction: back to waiting for the next signature.
            setState({ status: 'signing', run });
          }
        });
        setState({ status: 'confirmed', hash, message: success?.(result), run });
        const refresh = () => void queryClient.invalidateQueries();
        refresh();
        setTimeout(refresh, 800);
        setTimeout(refresh, 2_500);
        return result;
      } catch (error) {
        setState({ status: 'failed', reason: explainError(error, t, locale, decimals, symbol), run });
        // What made it fail (a moved price, used-up capacity) is news: show the current figures.
        void queryClient.invalidateQueries({ queryKey: ['chain'] });
        return undefined;
      } finally {
        busy.current = false;
      }
    },
    [queryClient, t, locale, decimals, symbol],
  );
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, run, reset, busy: state.status === 'signing' || state.status === 'pending' };
}

export function TxStatus({ state }: { state: TxState }) {
  const { t } = useI18n();
  if (state.status === 'idle') return null;
  const text =
    state.status === 'signing' ? t('tx.signing')
    : state.status === 'pending' ? t('tx.pending')
    : state.status === 'confirmed' ? (state.message ?? t('tx.confirmed'))
    : t('tx.failed', { reason: state.reason });
  const hash = state.status === 'pending' || state.status === 'confirmed' ? state.hash : undefined;
  return (
    <div className={`tx tx-${state.status}`} data-testid="tx-status" data-state={state.status} data-run={state.run ?? 0} role={state.status === 'failed' ? 'alert' : 'status'}>
      {(state.status === 'signing' || state.status === 'pending') && <span className="spinner" aria-hidden />}
      <span>{text}</span>
      {hash && <code className="hash" title={hash}>{t('tx.hash', { hash: `${hash.slice(0, 10)}…` })}</code>}
    </div>
  );
}
