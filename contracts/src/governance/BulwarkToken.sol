// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title BulwarkToken
/// @notice The governance token: votes on parameters (through the Governor and Timelock) and assesses
/// claims and incidents (through the ClaimsManager). Fixed supply, minted once at deployment.
/// @dev ERC20Votes on a timestamp clock (EIP-6372 `mode=timestamp`), so a vote's weight is read at a
/// past second and a token borrowed or bought in the voting block has no say. Voting power follows
/// delegation: a holder delegates to itself (or anyone) once, by transaction or by EIP-712 signature
/// (`delegateBySig`). ERC-2612 `permit` for gasless approvals.
contract BulwarkToken is ERC20, ERC20Permit, ERC20Votes {
    /// @notice `recipients` and `amounts` differ in length or are empty.
    error BadDistribution();

    /// @notice Mints the whole supply: `amounts[i]` to `recipients[i]`. Nothing is ever minted again.
    constructor(address[] memory recipients, uint256[] memory amounts)
        ERC20("Bulwark", "BWK")
        ERC20Permit("Bulwark")
    {
        if (recipients.length == 0 || recipients.length != amounts.length) revert BadDistribution();
        for (uint256 i = 0; i < recipients.length; ++i) {
            _mint(recipients[i], amounts[i]);
        }
    }

    /// @notice The clock of checkpoints and votes: the block timestamp (EIP-6372).
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice EIP-6372 clock description.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
