import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { getProducts, type DeploymentProduct } from '@bulwark/sdk';

import { useBulwark } from './bulwark.js';
import { useI18n, type MessageKey } from './i18n/index.js';

export function Tile({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="tile" data-testid={testId}>
      <div className="label">{label}</div>
      <div className="value">{value}</div>
    </div>
  );
}

/** Loading and error states of a query, so no page is ever silently empty. */
export function QueryState({ query, children }: { query: { isPending: boolean; error: Error | null; refetch(): unknown }; children?: ReactNode }) {
  const { t } = useI18n();
  if (query.error) {
    return (
      <p className="error" role="alert">
        {t('common.error', { message: query.error.message })} <button className="secondary" onClick={() => void query.refetch()}>{t('common.retry')}</button>
      </p>
    );
  }
  if (query.isPending) return <p className="muted">{t('common.loading')}</p>;
  return <>{children}</>;
}

const tones: Record<string, 'good' | 'bad' | 'warn' | ''> = {
  active: 'good', paid: 'good', accepted: 'good', executed: 'good', succeeded: 'good', payable: 'good',
  waiting: 'warn', voting: 'warn', 'claim-open': 'warn', pending: 'warn', queued: 'warn', escalated: 'warn',
  rejected: 'bad', overturned: 'bad', defeated: 'bad', cancelled: 'bad', canceled: 'bad',
};

export function Badge({ status, label }: { status: string; label: string }) {
  return <span className={`badge ${tones[status] ?? ''}`} data-testid="status" data-status={status}>{label}</span>;
}

/** Live products from the chain (terms, capacity, current rate). */
export function useProducts() {
  const { reader } = useBulwark();
  return useQuery({ queryKey: ['chain', 'products'], queryFn: () => getProducts(reader), refetchInterval: 10_000 });
}

/** A product's name in the current language: its kind, with the deployment's name as detail. */
export function useProductName(): (productId: number | string) => string {
  const { t } = useI18n();
  const { config } = useBulwark();
  return (productId) => {
    const product: DeploymentProduct | undefined = config.deployment.products.find((p) => p.id === Number(productId));
    if (!product) return `#${productId}`;
    return `${t(`kind.${product.kind}` as MessageKey)} · ${product.name}`;
  };
}

/** Whether the product's claims go to token holders (a claim can be filed) or to a trigger (paid automatically). */
export function isAssessed(deploymentProducts: readonly DeploymentProduct[], productId: number | string): boolean {
  const product = deploymentProducts.find((p) => p.id === Number(productId));
  return (product?.claimRoute ?? 'ClaimsManager') === 'ClaimsManager';
}

/** ipfs:// links through a public gateway; other schemes as they are. */
export function evidenceHref(uri: string): string | undefined {
  if (uri.startsWith('ipfs://')) return `https://ipfs.io/ipfs/${uri.slice('ipfs://'.length)}`;
  return /^https?:\/\//.test(uri) ? uri : undefined;
}

export function NeedWallet() {
  const { t } = useI18n();
  return <p className="muted" data-testid="need-wallet">{t('wallet.required')}</p>;
}

/** The chain's clock (latest block timestamp): deadlines are the chain's, not the browser's. */
export function useChainNow(): number {
  const { reader } = useBulwark();
  const now = useQuery({ queryKey: ['chain', 'now'], refetchInterval: 5_000, queryFn: async () => Number((await reader.public.getBlock()).timestamp) });
  return now.data ?? Math.floor(Date.now() / 1000);
}
