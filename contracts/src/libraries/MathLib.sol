// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {WAD} from "./Constants.sol";

/// @title MathLib
/// @notice Full-precision multiply-divide with the rounding direction in the name.
library MathLib {
    /// @dev floor(x * y / d); reverts on d == 0 or a result above 2^256 - 1.
    function mulDivDown(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return Math.mulDiv(x, y, d);
    }

    /// @dev ceil(x * y / d); reverts on d == 0 or a result above 2^256 - 1.
    function mulDivUp(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return Math.mulDiv(x, y, d, Math.Rounding.Ceil);
    }

    /// @dev floor(x * y / WAD).
    function wMulDown(uint256 x, uint256 y) internal pure returns (uint256) {
        return Math.mulDiv(x, y, WAD);
    }

    /// @dev ceil(x * y / WAD).
    function wMulUp(uint256 x, uint256 y) internal pure returns (uint256) {
        return Math.mulDiv(x, y, WAD, Math.Rounding.Ceil);
    }

    /// @dev ceil(x / d) for d > 0.
    function divUp(uint256 x, uint256 d) internal pure returns (uint256) {
        return Math.ceilDiv(x, d);
    }

    /// @dev a - b, or 0 when b > a.
    function zeroFloorSub(uint256 a, uint256 b) internal pure returns (uint256) {
        unchecked {
            return a > b ? a - b : 0;
        }
    }
}
