// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TriggersBase} from "./TriggersBase.sol";
import {Cover, ICoverManager} from "../../src/interfaces/ICoverManager.sol";
import {ITrigger} from "../../src/interfaces/ITrigger.sol";

/// @notice TriggerBase.payCovers (through the ChainlinkDepegTrigger and the SignedReportTrigger):
/// eligible covers are paid their share once, to their owner; ineligible ones revert the batch.
contract PayCoversTest is TriggersBase {
    uint256 internal aliceCover;
    uint256 internal bobCover;

    function setUp() public override {
        super.setUp();
        aliceCover = _buyDepeg(alice, 10_000e6);
        bobCover = _buyDepeg(bob, 20_000e6);
        vm.warp(T0 + 2 days);
    }

    function _proveStandard() internal returns (uint256 eventId, uint256 incidentTime) {
        uint80 start;
        uint80 end;
        (start, end, incidentTime) = _standardDepeg();
        eventId = depeg.prove(depegProduct, start, end);
    }

    function test_payCovers_paysShareToOwners() public {
        (uint256 eventId,) = _proveStandard();
        uint256 aliceBefore = usdc.balanceOf(alice);
        uint256 bobBefore = usdc.balanceOf(bob);
        vm.expectEmit(address(depeg));
        emit ITrigger.TriggerCoverPaid(eventId, aliceCover, 800e6);
        vm.prank(keeper);
        uint256 total = depeg.payCovers(eventId, _ids(aliceCover, bobCover));
        assertEq(total, 2_400e6, "8% of 30,000");
        assertEq(usdc.balanceOf(alice) - aliceBefore, 800e6, "alice: 8% of 10,000");
        assertEq(usdc.balanceOf(bob) - bobBefore, 1_600e6, "bob: 8% of 20,000");
        assertEq(usdc.balanceOf(keeper), 0, "nothing to the keeper");
        assertTrue(depeg.isPaid(eventId, aliceCover), "alice paid");
        assertTrue(depeg.isPaid(eventId, bobCover), "bob paid");
        assertEq(manager.cover(aliceCover).amount, 9_200e6, "remaining cover lowered");
    }

    function test_payCovers_paysEachCoverOnce() public {
        (uint256 eventId,) = _proveStandard();
        uint256 first = depeg.payCovers(eventId, _ids(aliceCover, aliceCover, bobCover));
        assertEq(first, 2_400e6, "a duplicate in the batch pays once");
        uint256 aliceBefore = usdc.balanceOf(alice);
        uint256 second = depeg.payCovers(eventId, _ids(bobCover, aliceCover));
        assertEq(second, 0, "second batch pays nothing more");
        assertEq(usdc.balanceOf(alice), aliceBefore, "alice unchanged");
    }

    function test_payCovers_revertsForCoverBoughtAfterIncident() public {
        uint256 t = _now();
        _push(PEG, t);
        uint80 start = _push(0.94e8, t + 10 minutes);
        vm.warp(t + 20 minutes); // the de-peg is public; the trigger has not proven it yet
        uint256 late = _buyDepeg(carol, 10_000e6);
        _push(0.93e8, t + 40 minutes);
        uint80 end = _push(0.92e8, t + 70 minutes);
        vm.warp(t + 2 hours);
        uint256 eventId = depeg.prove(depegProduct, start, end);
        Cover memory c = manager.cover(late);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.CoverNotActiveAt.selector, late, t + 10 minutes, t + 20 minutes, c.end)
        );
        depeg.payCovers(eventId, _ids(aliceCover, late));
        // Keepers filter ineligible covers out: the rest of the batch pays.
        assertEq(depeg.payCovers(eventId, _ids(aliceCover)), 800e6, "eligible cover paid");
    }

    function test_payCovers_revertsForCoverInWaitingPeriod() public {
        uint256 fresh = _buyDepeg(carol, 10_000e6);
        (uint256 eventId, uint256 incidentTime) = _proveStandard();
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.InWaitingPeriod.selector, fresh, incidentTime, T0 + 2 days + WAITING)
        );
        depeg.payCovers(eventId, _ids(fresh));
        assertFalse(depeg.isPaid(eventId, fresh), "not paid");
    }

    /// @dev The CoverManager rejects it first because this trigger is not the claim route of the
    /// cover's product.
    function test_payCovers_revertsForCoverOfAnotherProduct() public {
        uint256 flight = _buyOn(flightProduct, FLIGHT, carol, 1_000e6, 30 days);
        (uint256 eventId,) = _proveStandard();
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, flightProduct, address(depeg)));
        depeg.payCovers(eventId, _ids(flight));
    }

    function test_payCovers_revertsForWrongRisk() public {
        uint256 right = _buyOn(flightProduct, FLIGHT, alice, 1_000e6, 30 days);
        uint256 wrong = _buyOn(flightProduct, OTHER_FLIGHT, bob, 1_000e6, 30 days);
        vm.warp(_now() + 2 days);
        uint256 reportId = _submit(_report(FLIGHT, _now() - 1, 2, 1));
        vm.warp(_now() + DISPUTE);
        uint256 eventId = reports.finalize(reportId);
        vm.expectRevert(abi.encodeWithSelector(ITrigger.WrongRisk.selector, eventId, wrong, FLIGHT, OTHER_FLIGHT));
        reports.payCovers(eventId, _ids(right, wrong));
        assertEq(reports.payCovers(eventId, _ids(right)), 500e6, "tier 2: 50% of 1,000");
    }

    function test_payCovers_revertsForUnknownEvent() public {
        vm.expectRevert(abi.encodeWithSelector(ITrigger.UnknownEvent.selector, 7));
        depeg.payCovers(7, _ids(aliceCover));
    }

    /// @dev Covers of random amounts paid in two overlapping batches: each paid exactly once, and the
    /// total paid is the sum of the shares (rounded down per cover).
    function testFuzz_payCovers_paysOnceTotalIsSumOfShares(uint256 n, uint256 seed, uint256 split) public {
        n = bound(n, 1, 12);
        split = bound(split, 0, n);
        uint256[] memory ids = new uint256[](n);
        uint256[] memory amounts = new uint256[](n);
        address[] memory holders = new address[](n);
        for (uint256 i = 0; i < n; ++i) {
            holders[i] = address(uint160(0x7000 + i));
            amounts[i] = bound(uint256(keccak256(abi.encode(seed, i))), 1e6, 50_000e6);
            usdc.faucet(holders[i], 10_000e6);
            vm.prank(holders[i]);
            usdc.approve(address(manager), type(uint256).max);
            ids[i] = _buyDepeg(holders[i], amounts[i]);
        }
        vm.warp(_now() + 2 days);
        (uint256 eventId,) = _proveStandard();
        uint256 share = depeg.getEvent(eventId).payoutWad;

        uint256[] memory before = new uint256[](n);
        uint256 expected;
        for (uint256 i = 0; i < n; ++i) {
            before[i] = usdc.balanceOf(holders[i]);
            expected += amounts[i] * share / WAD;
        }
        // First batch: ids[0..split); second: everything (overlapping).
        uint256[] memory firstBatch = new uint256[](split);
        for (uint256 i = 0; i < split; ++i) {
            firstBatch[i] = ids[i];
        }
        uint256 total = depeg.payCovers(eventId, firstBatch);
        total += depeg.payCovers(eventId, ids);
        total += depeg.payCovers(eventId, ids);
        assertEq(total, expected, "total paid == sum of shares");
        for (uint256 i = 0; i < n; ++i) {
            assertEq(usdc.balanceOf(holders[i]) - before[i], amounts[i] * share / WAD, "each paid its share once");
            assertTrue(depeg.isPaid(eventId, ids[i]), "marked paid");
        }
    }

    function _ids(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory r) {
        r = new uint256[](3);
        (r[0], r[1], r[2]) = (a, b, c);
    }
}
