import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { WagmiProvider } from 'wagmi';

import { App } from './App.js';
import { BulwarkProvider } from './bulwark.js';
import { loadConfig } from './config.js';
import { I18nProvider } from './i18n/index.js';
import { createWagmiConfig } from './wallet.js';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

// BigInt values in query keys: React Query hashes keys with JSON.stringify.
const queryKeyHashFn = (key: readonly unknown[]) => JSON.stringify(key, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

loadConfig()
  .then((config) => {
    const wagmiConfig = createWagmiConfig(config);
    const queryClient = new QueryClient({ defaultOptions: { queries: { queryKeyHashFn, retry: 1, refetchOnWindowFocus: false } } });
    root.render(
      <StrictMode>
        <WagmiProvider config={wagmiConfig}>
          <QueryClientProvider client={queryClient}>
            <I18nProvider>
              <BulwarkProvider config={config}>
                <App />
              </BulwarkProvider>
            </I18nProvider>
          </QueryClientProvider>
        </WagmiProvider>
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    root.render(<p className="error">Bulwark could not start: {error instanceof Error ? error.message : String(error)}</p>);
  });
