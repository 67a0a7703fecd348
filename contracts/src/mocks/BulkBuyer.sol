// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {ICoverManager, BuyCoverParams} from "../interfaces/ICoverManager.sol";

/// @notice Benchmark helper: buys many covers in one transaction, each for a distinct recipient, so a
/// benchmark can reach thousands of existing covers in a few blocks. Not part of the protocol.
contract BulkBuyer {
    function buyMany(ICoverManager manager, IERC20 asset, BuyCoverParams memory params, uint256 count, uint256 firstRecipient)
        external
    {
        asset.approve(address(manager), type(uint256).max);
        for (uint256 i = 0; i < count; ++i) {
            params.recipient = address(uint160(firstRecipient + i));
            manager.buyCover(params);
        }
    }
}
