// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TriggersBase} from "./TriggersBase.sol";
import {DepegState, IChainlinkDepegTrigger} from "../../src/interfaces/IChainlinkDepegTrigger.sol";

/// @notice ChainlinkDepegTrigger.rearm and the hysteresis it implements: after an event, no second
/// event on the product until a round at or above the recover price was proven.
contract RearmTest is TriggersBase {
    uint80 internal end;

    function setUp() public override {
        super.setUp();
        vm.warp(T0 + 2 days);
        uint80 start;
        (start, end,) = _standardDepeg();
        depeg.prove(depegProduct, start, end);
    }

    /// @dev A second de-peg after the price came back above the threshold but not to the recover price.
    function _flap() internal returns (uint80 hover, uint80 start2, uint80 end2) {
        uint256 t = _now();
        hover = _push(0.97e8, t);
        start2 = _push(0.93e8, t + 10 minutes);
        end2 = _push(0.93e8, t + 70 minutes);
        vm.warp(t + 2 hours);
    }

    function test_prove_revertsWhenNotArmed() public {
        (, uint80 start2, uint80 end2) = _flap();
        vm.expectRevert(abi.encodeWithSelector(IChainlinkDepegTrigger.NotArmed.selector, depegProduct));
        depeg.prove(depegProduct, start2, end2);
        assertEq(depeg.eventCount(), 1, "no second event");
    }

    function test_rearm_revertsBelowRecoverPrice() public {
        (uint80 hover,,) = _flap();
        vm.expectRevert(abi.encodeWithSelector(IChainlinkDepegTrigger.NotRecovered.selector, hover, 0.97e8, RECOVER));
        depeg.rearm(depegProduct, hover);
    }

    function test_rearm_revertsOnRoundOfTheEvent() public {
        vm.expectRevert(abi.encodeWithSelector(IChainlinkDepegTrigger.RoundTooEarly.selector, end, end + 1));
        depeg.rearm(depegProduct, end);
    }

    function test_rearm_revertsWhenArmed() public {
        uint80 up = _push(RECOVER, _now());
        depeg.rearm(depegProduct, up);
        vm.expectRevert(abi.encodeWithSelector(IChainlinkDepegTrigger.AlreadyArmed.selector, depegProduct));
        depeg.rearm(depegProduct, up);
    }

    function test_rearm_allowsNextDepeg() public {
        uint80 up = _push(RECOVER, _now());
        vm.expectEmit(address(depeg));
        emit IChainlinkDepegTrigger.Rearmed(depegProduct, up, RECOVER);
        vm.prank(keeper);
        depeg.rearm(depegProduct, up);
        DepegState memory st = depeg.stateOf(depegProduct);
        assertFalse(st.disarmed, "armed");
        assertEq(st.minStartRound, up + 1, "next de-peg starts after the re-arming round");

        (, uint80 start2, uint80 end2) = _flap();
        assertEq(depeg.prove(depegProduct, start2, end2), 2, "second event");
        assertEq(depeg.getEvent(2).payoutWad, 0.07e18, "7% shortfall");
    }

    function test_prove_revertsOnRoundsBeforeRearm() public {
        uint80 up = _push(RECOVER, _now());
        depeg.rearm(depegProduct, up);
        vm.expectRevert(abi.encodeWithSelector(IChainlinkDepegTrigger.RoundTooEarly.selector, end - 2, up + 1));
        depeg.prove(depegProduct, end - 2, end);
    }
}
