// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ClaimsBase} from "../claims/ClaimsBase.sol";
import {ClaimsHandler} from "./ClaimsHandler.sol";

/// @notice Claims and incidents under random filings, votes, overturns, payouts and time: no cover is
/// paid beyond its amount or twice by one incident, total paid <= total cover bought, the pool holds
/// at least its liabilities after every payout, and the ClaimsManager holds every deposit and unpaid
/// reward it owes.
contract ClaimsInvariantTest is ClaimsBase {
    ClaimsHandler internal handler;

    function setUp() public override {
        super.setUp();
        address[] memory holders = new address[](2);
        (holders[0], holders[1]) = (alice, bob);
        address[] memory voters = new address[](4);
        (voters[0], voters[1], voters[2], voters[3]) = (voter1, voter2, voter3, voter4);
        handler = new ClaimsHandler(manager, pool, claims, usdc, claimsProduct, guardian, holders, voters);

        bytes4[] memory selectors = new bytes4[](14);
        selectors[0] = ClaimsHandler.buyCover.selector;
        selectors[1] = ClaimsHandler.buyCover.selector;
        selectors[2] = ClaimsHandler.fileClaim.selector;
        selectors[3] = ClaimsHandler.reportIncident.selector;
        selectors[4] = ClaimsHandler.vote.selector;
        selectors[5] = ClaimsHandler.vote.selector;
        selectors[6] = ClaimsHandler.vote.selector;
        selectors[7] = ClaimsHandler.resolve.selector;
        selectors[8] = ClaimsHandler.overturn.selector;
        selectors[9] = ClaimsHandler.payClaim.selector;
        selectors[10] = ClaimsHandler.payIncident.selector;
        selectors[11] = ClaimsHandler.closeIncident.selector;
        selectors[12] = ClaimsHandler.claimReward.selector;
        selectors[13] = ClaimsHandler.warp.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function invariant_claimsNeverOverpay() public view {
        assertEq(handler.violations(), 0, handler.lastViolation());
        assertLe(handler.totalPaid(), handler.totalBought(), "total paid <= total cover bought");
        assertGe(usdc.balanceOf(address(pool)), manager.liabilities(), "pool assets >= liabilities");
        assertGe(usdc.balanceOf(address(claims)), handler.owedByClaims(), "claims holds deposits and rewards");
        uint256 n = handler.coverCount();
        for (uint256 i = 0; i < n; ++i) {
            uint256 id = handler.coverIds(i);
            assertEq(
                manager.cover(id).amount + handler.paidTo(id), handler.bought(id), "cover amount + paid == bought"
            );
        }
    }
}
