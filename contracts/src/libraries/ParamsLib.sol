// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICoverManager, PoolParams, ProductParams} from "../interfaces/ICoverManager.sol";
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

    function validatePool(PoolParams memory params) internal pure {
        checkRange("leverageWad", params.leverageWad, 1, MAX_LEVERAGE_WAD);
        checkRange("kinkWad", params.curve.kinkWad, 0, WAD);
        checkRange("slope1Wad", params.curve.slope1Wad, 0, MAX_SLOPE_WAD);
        checkRange("slope2Wad", params.curve.slope2Wad, 0, MAX_SLOPE_WAD);
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
}
