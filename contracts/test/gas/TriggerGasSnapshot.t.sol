// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TriggersBase} from "../triggers/TriggersBase.sol";
import {Report} from "../../src/interfaces/ISignedReportTrigger.sol";

/// @notice Gas snapshots of the parametric triggers (see GasSnapshot.t.sol; run with `--isolate`),
/// written to snapshots/TriggerGasSnapshot.json. `payCovers*PerCover` is (batch gas + 21,000) / 100:
/// the per-cover cost of a keeper's 100-cover batch transaction, which must stay <= 45,000.
contract TriggerGasSnapshot is TriggersBase {
    uint256 internal constant MAX_PER_COVER = 45_000;

    function setUp() public override {
        super.setUp();
        vm.warp(T0 + 2 days);
    }

    /// @notice A de-peg proven over 13 rounds five minutes apart (the March 2023 USDC replay also
    /// spans 13 rounds) plus the round before it.
    function test_gas_prove() public {
        (uint80 start, uint80 end) = _depeg13();
        depeg.prove(depegProduct, start, end);
        vm.snapshotGasLastCall("depegProve13Rounds");
    }

    function test_gas_rearm() public {
        (uint80 start, uint80 end) = _depeg13();
        depeg.prove(depegProduct, start, end);
        uint80 up = _push(RECOVER, _now());
        depeg.rearm(depegProduct, up);
        vm.snapshotGasLastCall("depegRearm");
    }

    function test_gas_submitReport() public {
        Report memory r = _report(FLIGHT, _now() - 1, 2, 1);
        bytes[] memory sigs = _sigs2(r);
        vm.prank(keeper);
        reports.submitReport(r, sigs);
        vm.snapshotGasLastCall("submitReport2of3");
    }

    function test_gas_finalize() public {
        uint256 reportId = _submit(_report(FLIGHT, _now() - 1, 2, 1));
        vm.warp(_now() + DISPUTE);
        reports.finalize(reportId);
        vm.snapshotGasLastCall("finalize");
    }

    /// @notice One batch paying 100 de-peg covers of 100 holders.
    function test_gas_payCovers100() public {
        uint256[] memory ids = _buyMany(depegProduct, bytes32(0));
        (uint80 start, uint80 end) = _depeg13();
        uint256 eventId = depeg.prove(depegProduct, start, end);
        depeg.payCovers(eventId, ids);
        uint256 gasUsed = vm.snapshotGasLastCall("payCovers100");
        uint256 perCover = (gasUsed + 21_000) / 100;
        vm.snapshotValue("payCoversPerCover", perCover);
        assertLe(perCover, MAX_PER_COVER, "per-cover gas budget");
    }

    /// @notice One batch paying 100 flight covers (one risk key: each cover's key is checked) of 100
    /// holders.
    function test_gas_payCoversRisk100() public {
        uint256[] memory ids = _buyMany(flightProduct, FLIGHT);
        uint256 reportId = _submit(_report(FLIGHT, _now() - 1, 2, 1));
        vm.warp(_now() + DISPUTE);
        uint256 eventId = reports.finalize(reportId);
        reports.payCovers(eventId, ids);
        uint256 gasUsed = vm.snapshotGasLastCall("payCoversRisk100");
        uint256 perCover = (gasUsed + 21_000) / 100;
        vm.snapshotValue("payCoversRiskPerCover", perCover);
        assertLe(perCover, MAX_PER_COVER, "per-cover gas budget");
    }

    function _buyMany(uint256 product, bytes32 riskKey) internal returns (uint256[] memory ids) {
        ids = new uint256[](100);
        for (uint256 i = 0; i < 100; ++i) {
            address holder = address(uint160(0x10000 + i));
            usdc.faucet(holder, 1_000e6);
            vm.prank(holder);
            usdc.approve(address(manager), type(uint256).max);
            ids[i] = _buyOn(product, riskKey, holder, 1_000e6, 60 days);
        }
        vm.warp(_now() + 2 days);
    }

    function _depeg13() internal returns (uint80 start, uint80 end) {
        uint256 t = _now();
        _push(PEG, t);
        start = _push(0.94e8, t + 5 minutes);
        for (uint256 i = 1; i <= 12; ++i) {
            end = _push(0.94e8 - int256(i) * 0.001e8, t + 5 minutes + i * 5 minutes);
        }
        vm.warp(t + 2 hours);
    }
}
