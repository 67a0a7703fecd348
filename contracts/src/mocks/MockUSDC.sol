// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title MockUSDC
/// @notice A 6-decimal stablecoin with ERC-2612 permit and an open faucet, for local chains and tests
/// only: anyone can mint. Never deploy it where it could be mistaken for real money.
contract MockUSDC is ERC20, ERC20Permit {
    /// @notice Most one faucet call mints: 1,000,000 USDC.
    uint256 public constant FAUCET_LIMIT = 1_000_000e6;

    error FaucetLimit(uint256 amount, uint256 limit);

    constructor() ERC20("Mock USD Coin", "USDC") ERC20Permit("Mock USD Coin") {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints `amount` to `to`, at most FAUCET_LIMIT per call.
    function faucet(address to, uint256 amount) external {
        if (amount > FAUCET_LIMIT) revert FaucetLimit(amount, FAUCET_LIMIT);
        _mint(to, amount);
    }
}
