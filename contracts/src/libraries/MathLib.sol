// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {WAD} from "./Constants.sol";

/// @title MathLib
/// @notice Multiply-divide with the rounding direction in the name.
/// @dev Plain checked arithmetic, as in morpho-blue's MathLib: every product here is of protocol
/// quantities bounded far below 2^256 (amounts < 2^96, ratios < 2^64, times < 2^32), and an
/// overflow reverts with a panic instead of returning a wrong number.
library MathLib {
    /// @dev floor(x * y / d).
    function mulDivDown(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return (x * y) / d;
    }

    /// @dev ceil(x * y / d).
    function mulDivUp(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return (x * y + (d - 1)) / d;
    }

    /// @dev floor(x * y / WAD).
    function wMulDown(uint256 x, uint256 y) internal pure returns (uint256) {
        return (x * y) / WAD;
    }

    /// @dev ceil(x * y / WAD).
    function wMulUp(uint256 x, uint256 y) internal pure returns (uint256) {
        return (x * y + (WAD - 1)) / WAD;
    }

    /// @dev ceil(x / d) for d > 0.
    function divUp(uint256 x, uint256 d) internal pure returns (uint256) {
        return (x + (d - 1)) / d;
    }

    /// @dev a - b, or 0 when b > a.
    function zeroFloorSub(uint256 a, uint256 b) internal pure returns (uint256) {
        unchecked {
            return a > b ? a - b : 0;
        }
    }
}
