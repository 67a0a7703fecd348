// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MathLib} from "./MathLib.sol";
import {WAD, YEAR} from "./Constants.sol";

/// @notice A pool's utilization curve: the rate multiplier is `1 + lift(u)` where `lift` rises with
/// slope `slope1Wad` up to `kinkWad` and with `slope2Wad` beyond it (all WAD).
struct UtilizationCurve {
    uint64 kinkWad;
    uint64 slope1Wad;
    uint64 slope2Wad;
}

/// @title PricingLib
/// @notice Premiums from a base annual rate lifted by a kinked utilization curve.
/// @dev A purchase moves utilization from u0 to u1; its premium integrates the lifted rate over that
/// range, so buying in one piece or in ten costs the same (up to one rounding unit per piece, in the
/// pool's favour):
///     premium = baseRate * period / YEAR * (amount + capacity * (L(u1) - L(u0)))
/// where L is the integral of `lift` from 0. Every rounding goes up (towards the pool).
library PricingLib {
    using MathLib for uint256;

    /// @notice Premium for `amount` of new cover over `period` seconds, utilization moving from
    /// `activeBefore / capacity` to `(activeBefore + amount) / capacity`.
    /// @dev Requires `activeBefore + amount <= capacity` and `capacity > 0` (the caller checks both).
    function purchasePremium(
        uint256 amount,
        uint256 baseRateWad,
        uint256 period,
        uint256 activeBefore,
        uint256 capacity,
        UtilizationCurve memory curve
    ) internal pure returns (uint256) {
        uint256 u0 = activeBefore.mulDivDown(WAD, capacity);
        uint256 u1 = (activeBefore + amount).mulDivUp(WAD, capacity);
        uint256 liftIntegralWad = liftIntegral(u1, curve, true) - liftIntegral(u0, curve, false);
        uint256 liftInAsset = capacity.mulDivUp(liftIntegralWad, WAD);
        return (amount + liftInAsset).mulDivUp(baseRateWad * period, WAD * YEAR);
    }

    /// @notice Premium to keep `amount` of existing cover for `period` more seconds at utilization
    /// `active / capacity`. The cover is already counted in `active`, so the rate is the lifted rate
    /// at that point rather than integrated over a range.
    function extensionPremium(
        uint256 amount,
        uint256 baseRateWad,
        uint256 period,
        uint256 active,
        uint256 capacity,
        UtilizationCurve memory curve
    ) internal pure returns (uint256) {
        uint256 u = capacity == 0 ? WAD : active.mulDivUp(WAD, capacity);
        uint256 rateWad = baseRateWad.wMulUp(WAD + lift(u, curve));
        return amount.mulDivUp(rateWad * period, WAD * YEAR);
    }

    /// @notice The lift at utilization `u` (both WAD), rounded up.
    function lift(uint256 u, UtilizationCurve memory curve) internal pure returns (uint256) {
        if (u <= curve.kinkWad) return uint256(curve.slope1Wad).wMulUp(u);
        return uint256(curve.slope1Wad).wMulUp(curve.kinkWad) + uint256(curve.slope2Wad).wMulUp(u - curve.kinkWad);
    }

    /// @notice Integral of `lift` from 0 to `u` (WAD), rounded up when `roundUp` and down otherwise.
    function liftIntegral(uint256 u, UtilizationCurve memory curve, bool roundUp) internal pure returns (uint256) {
        uint256 kink = curve.kinkWad;
        uint256 below = u < kink ? u : kink;
        uint256 result = _mulDiv(_mulDiv(curve.slope1Wad, below, WAD, roundUp), below, 2 * WAD, roundUp);
        if (u > kink) {
            uint256 excess = u - kink;
            // The first segment's lift stays at its kink value over the excess, the second adds a triangle.
            result += _mulDiv(_mulDiv(curve.slope1Wad, kink, WAD, roundUp), excess, WAD, roundUp);
            result += _mulDiv(_mulDiv(curve.slope2Wad, excess, WAD, roundUp), excess, 2 * WAD, roundUp);
        }
        return result;
    }

    function _mulDiv(uint256 x, uint256 y, uint256 d, bool roundUp) private pure returns (uint256) {
        return roundUp ? x.mulDivUp(y, d) : x.mulDivDown(y, d);
    }
}
