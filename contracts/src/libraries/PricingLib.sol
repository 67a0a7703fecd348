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
    /// @dev Requires `activeBefore + amount <= capacity`, `0 < capacity < 2^128`, `baseRateWad <= 10e18`,
    /// `period < 2^32` and a validated curve (the CoverManager checks or caps all of them). Then
    /// u0, u1 <= WAD, the lift integral stays below 2^68 and every product below 2^240, so the
    /// arithmetic runs unchecked.
    function purchasePremium(
        uint256 amount,
        uint256 baseRateWad,
        uint256 period,
        uint256 activeBefore,
        uint256 capacity,
        UtilizationCurve memory curve
    ) internal pure returns (uint256) {
        unchecked {
            uint256 u0 = activeBefore * WAD / capacity;
            uint256 u1 = ((activeBefore + amount) * WAD + (capacity - 1)) / capacity;
            // u1 >= u0 and the integral is monotone, so the difference is not negative.
            uint256 liftIntegralWad = _liftIntegralUp(u1, curve) - _liftIntegralDown(u0, curve);
            uint256 liftInAsset = (capacity * liftIntegralWad + (WAD - 1)) / WAD;
            return ((amount + liftInAsset) * (baseRateWad * period) + (WAD * YEAR - 1)) / (WAD * YEAR);
        }
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
    /// @dev Requires `u <= WAD` and a validated curve (kink <= WAD, slopes <= 10e18): every product then
    /// stays below 2^125 and the arithmetic runs unchecked.
    function liftIntegral(uint256 u, UtilizationCurve memory curve, bool roundUp) internal pure returns (uint256) {
        return roundUp ? _liftIntegralUp(u, curve) : _liftIntegralDown(u, curve);
    }

    /// @dev The integral with every step rounded up. Below the kink it is the triangle
    /// `slope1 x u^2 / 2`; beyond, the first segment's lift stays at its kink value over the excess and
    /// the second adds a triangle.
    function _liftIntegralUp(uint256 u, UtilizationCurve memory curve) private pure returns (uint256 result) {
        uint256 kink = curve.kinkWad;
        uint256 slope1 = curve.slope1Wad;
        unchecked {
            if (u <= kink) return _divUp(_divUp(slope1 * u, WAD) * u, 2 * WAD);
            uint256 excess = u - kink;
            uint256 atKink = _divUp(slope1 * kink, WAD);
            result = _divUp(atKink * kink, 2 * WAD) + _divUp(atKink * excess, WAD)
                + _divUp(_divUp(curve.slope2Wad * excess, WAD) * excess, 2 * WAD);
        }
    }

    /// @dev `_liftIntegralUp` with every step rounded down.
    function _liftIntegralDown(uint256 u, UtilizationCurve memory curve) private pure returns (uint256 result) {
        uint256 kink = curve.kinkWad;
        uint256 slope1 = curve.slope1Wad;
        unchecked {
            if (u <= kink) return slope1 * u / WAD * u / (2 * WAD);
            uint256 excess = u - kink;
            uint256 atKink = slope1 * kink / WAD;
            result = atKink * kink / (2 * WAD) + atKink * excess / WAD + curve.slope2Wad * excess / WAD * excess / (2 * WAD);
        }
    }

    /// @dev ceil(x / d) for d > 0 and x < 2^256 - d (unchecked: callers' products stay below 2^125).
    function _divUp(uint256 x, uint256 d) private pure returns (uint256) {
        unchecked {
            return (x + (d - 1)) / d;
        }
    }
}
