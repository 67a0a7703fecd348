import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { ApiError } from '@bulwark/indexer/api-types';

import { useBulwark } from './bulwark.js';

/** An error answer of the indexer (`{ error: { code, message } }`) or a network failure. */
export class IndexerError extends Error {
  override name = 'IndexerError';
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

export async function fetchApi<T>(base: string | null, path: string): Promise<T> {
  if (base === null) throw new IndexerError('no indexer configured', 0);
  let response: Response;
  try {
    response = await fetch(`${base}${path}`);
  } catch (error) {
    throw new IndexerError(error instanceof Error ? error.message : String(error), 0);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as ApiError | undefined;
    throw new IndexerError(body?.error?.message ?? `HTTP ${response.status}`, response.status);
  }
  return (await response.json()) as T;
}

/** A query against the indexer; keys start with 'api' so a confirmed write refetches them all. */
export function useApi<T>(path: string | undefined, options: { refetchInterval?: number } = {}): UseQueryResult<T, Error> {
  const { config } = useBulwark();
  return useQuery<T, Error>({
    queryKey: ['api', path],
    enabled: path !== undefined,
    queryFn: () => fetchApi<T>(config.indexerUrl, path!),
    refetchInterval: options.refetchInterval ?? 10_000,
  });
}
