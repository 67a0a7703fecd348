import { decodeEventLog, type Abi, type Address, type ContractEventName, type DecodeEventLogReturnType, type TransactionReceipt } from 'viem';

import { BulwarkError } from '../errors.js';

/** Every `eventName` that `contract` emitted in the transaction, in log order. */
export function findEvents<const abi extends Abi, eventName extends ContractEventName<abi>>(
  receipt: TransactionReceipt,
  contract: { address: Address; abi: abi },
  eventName: eventName,
): DecodeEventLogReturnType<abi, eventName>[] {
  const found: DecodeEventLogReturnType<abi, eventName>[] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== contract.address.toLowerCase()) continue;
    let decoded: DecodeEventLogReturnType<abi, eventName>;
    try {
      decoded = decodeEventLog({ abi: contract.abi, data: log.data, topics: log.topics } as never) as DecodeEventLogReturnType<abi, eventName>;
    } catch {
      continue; // an event the ABI does not know
    }
    if (decoded.eventName === eventName) found.push(decoded);
  }
  return found;
}

/** The first `eventName` that `address` emitted in the transaction; throws if there is none. */
export function findEvent<const abi extends Abi, eventName extends ContractEventName<abi>>(
  receipt: TransactionReceipt,
  contract: { address: Address; abi: abi },
  eventName: eventName,
): DecodeEventLogReturnType<abi, eventName> {
  const [first] = findEvents(receipt, contract, eventName);
  if (first) return first;
  throw new BulwarkError(`transaction ${receipt.transactionHash} emitted no ${String(eventName)}`);
}
