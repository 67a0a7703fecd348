// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICoverManager, PoolParams, ProductParams, ProductStatus} from "../interfaces/ICoverManager.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {RiskLedger} from "../cover/RiskLedger.sol";
import {
    MAX_BASE_RATE_WAD,
    MAX_CANCEL_FEE_WAD,
    MAX_COVER_PERIOD,
    MAX_GUARDIAN_PAUSE,
    MAX_LEVERAGE_WAD,
    MAX_SLOPE_WAD,
    MIN_COVER_PERIOD,
    WAD
} from "./Constants.sol";

/// @title ParamsLib
/// @notice Bounds of every governance parameter of the CoverManager, and the storage of pool and
/// product parameters.
/// @dev Its `external` functions run by DELEGATECALL from the CoverManager: governance paths are rare,
/// and keeping them out of the manager's bytecode keeps it under the 24,576-byte limit with the
/// optimizer tuned for the cover holders' calls.
library ParamsLib {
    uint256 internal constant MAX_CANCEL_FEE = MAX_CANCEL_FEE_WAD;
    uint256 internal constant MAX_PAUSE = MAX_GUARDIAN_PAUSE;
    /// @dev Longest waiting period and claim grace period, seconds.
    uint256 internal constant MAX_WAITING = 90 days;
    uint256 internal constant MAX_GRACE = 365 days;

    /// @dev Reverts with `ParameterOutOfRange` unless `min <= value <= max`.
    function checkRange(string memory name, uint256 value, uint256 min, uint256 max) internal pure {
        if (value < min || value > max) revert ICoverManager.ParameterOutOfRange(name, value, min, max);
    }

    /// @dev Pool parameters are stored in whole multiples of `unit` (see CoverManager.CONFIG_UNIT).
    function validatePool(PoolParams memory params, uint256 unit) internal pure {
        checkPoolParam("leverageWad", params.leverageWad, unit, MAX_LEVERAGE_WAD, unit);
        checkPoolParam("kinkWad", params.curve.kinkWad, 0, WAD, unit);
        checkPoolParam("slope1Wad", params.curve.slope1Wad, 0, MAX_SLOPE_WAD, unit);
        checkPoolParam("slope2Wad", params.curve.slope2Wad, 0, MAX_SLOPE_WAD, unit);
    }

    function checkPoolParam(string memory name, uint256 value, uint256 min, uint256 max, uint256 unit)
        private
        pure
    {
        checkRange(name, value, min, max);
        if (value % unit != 0) revert ICoverManager.ParameterTooPrecise(name, value, unit);
    }

    /// @dev Validates `params` and writes them to `p` (status and ledger untouched).
    function store(RiskLedger.ProductState storage p, ProductParams calldata params) external {
        if (params.claimRoute == address(0)) revert ICoverManager.ZeroAddress();
        checkRange("baseRateWad", params.baseRateWad, 0, MAX_BASE_RATE_WAD);
        checkRange("capWad", params.capWad, 1, MAX_LEVERAGE_WAD);
        checkRange("maxCoverAmount", params.maxCoverAmount, 1, type(uint96).max);
        checkRange("minPeriod", params.minPeriod, MIN_COVER_PERIOD, MAX_COVER_PERIOD);
        checkRange("maxPeriod", params.maxPeriod, params.minPeriod, MAX_COVER_PERIOD);
        checkRange("waitingPeriod", params.waitingPeriod, 0, MAX_WAITING);
        checkRange("claimGracePeriod", params.claimGracePeriod, 0, MAX_GRACE);
        p.baseRateWad = params.baseRateWad;
        p.payoutRule = params.payoutRule;
        p.maxCoverAmount = params.maxCoverAmount;
        p.capWad = params.capWad;
        p.minPeriod = params.minPeriod;
        p.maxPeriod = params.maxPeriod;
        p.claimRoute = params.claimRoute;
        p.waitingPeriod = params.waitingPeriod;
        p.claimGracePeriod = params.claimGracePeriod;
        p.termsURI = params.termsURI;
    }

    function toParams(RiskLedger.ProductState storage p) external view returns (ProductParams memory) {
        return ProductParams({
            claimRoute: p.claimRoute,
            baseRateWad: p.baseRateWad,
            capWad: p.capWad,
            maxCoverAmount: p.maxCoverAmount,
            minPeriod: p.minPeriod,
            maxPeriod: p.maxPeriod,
            waitingPeriod: p.waitingPeriod,
            claimGracePeriod: p.claimGracePeriod,
            payoutRule: p.payoutRule,
            termsURI: p.termsURI
        });
    }

    // ---------------------------------------------------------------- pauses (roles checked by the caller)

    /// @dev `payoutsPausedUntil` of a product whose payouts governance halted.
    uint32 internal constant HALTED = type(uint32).max;

    /// @dev The guardian's pause of sales (`payouts` false) or payouts of each of `ids` for `duration`
    /// (<= `limit`). A pause may not run already nor start within `limit` of the last one's end.
    function guardianPause(
        mapping(uint256 => RiskLedger.ProductState) storage products,
        uint256[] calldata ids,
        uint256 duration,
        uint256 limit,
        bool payouts
    ) external {
        if (duration == 0) revert ICoverManager.ZeroAmount();
        if (duration > limit) revert ICoverManager.PauseTooLong(duration, limit);
        uint256 until = block.timestamp + duration;
        for (uint256 i = 0; i < ids.length; ++i) {
            RiskLedger.ProductState storage p = listed(products, ids[i]);
            uint256 current = payouts ? p.payoutsPausedUntil : p.pausedUntil;
            if (current > block.timestamp) revert ICoverManager.AlreadyPaused(ids[i], current);
            if (current != 0 && block.timestamp < current + limit) {
                revert ICoverManager.GuardianCooldown(ids[i], current + limit);
            }
            if (payouts) {
                p.payoutsPausedUntil = uint32(until);
                emit ICoverManager.PayoutsPausedUntil(ids[i], until, msg.sender);
            } else {
                p.pausedUntil = uint40(until);
                emit ICoverManager.SalesPausedUntil(ids[i], until, msg.sender);
            }
        }
    }

    /// @dev Ends the guardian pause of sales or payouts of each of `ids` now (its cooldown runs from
    /// here). A governance halt of payouts is left alone (reverts).
    function unpause(mapping(uint256 => RiskLedger.ProductState) storage products, uint256[] calldata ids, bool payouts)
        external
    {
        for (uint256 i = 0; i < ids.length; ++i) {
            RiskLedger.ProductState storage p = listed(products, ids[i]);
            if (payouts) {
                uint256 until = p.payoutsPausedUntil;
                if (until == HALTED) revert ICoverManager.HaltedByGovernance(ids[i]);
                if (until > block.timestamp) p.payoutsPausedUntil = uint32(block.timestamp);
                emit ICoverManager.PayoutsUnpaused(ids[i], msg.sender);
            } else {
                if (p.pausedUntil > block.timestamp) p.pausedUntil = uint40(block.timestamp);
                emit ICoverManager.SalesUnpaused(ids[i], msg.sender);
            }
        }
    }

    /// @dev Governance's halt (until lifted) or resumption of payouts of each of `ids`.
    function setPayoutsHalted(
        mapping(uint256 => RiskLedger.ProductState) storage products,
        uint256[] calldata ids,
        bool halted
    ) external {
        for (uint256 i = 0; i < ids.length; ++i) {
            RiskLedger.ProductState storage p = listed(products, ids[i]);
            if (halted) {
                p.payoutsPausedUntil = HALTED;
                emit ICoverManager.PayoutsPausedUntil(ids[i], HALTED, msg.sender);
            } else {
                p.payoutsPausedUntil = 0;
                emit ICoverManager.PayoutsUnpaused(ids[i], msg.sender);
            }
        }
    }

    function listed(mapping(uint256 => RiskLedger.ProductState) storage products, uint256 productId)
        internal
        view
        returns (RiskLedger.ProductState storage p)
    {
        p = products[productId];
        if (p.status == ProductStatus.Unlisted) revert ICoverManager.UnknownProduct(productId);
    }

    /// @dev A cover NFT's metadata URI: the base URI followed by the cover id (empty without a base).
    function tokenURI(string storage base, uint256 tokenId) external view returns (string memory) {
        return bytes(base).length == 0 ? "" : string.concat(base, Strings.toString(tokenId));
    }
}
