// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {CoverManager} from "../../src/cover/CoverManager.sol";
import {CoverPool} from "../../src/pool/CoverPool.sol";
import {ClaimsManager} from "../../src/claims/ClaimsManager.sol";
import {MockUSDC} from "../../src/mocks/MockUSDC.sol";
import {BuyCoverParams, Cover} from "../../src/interfaces/ICoverManager.sol";
import {Case, CaseKind, CaseStatus} from "../../src/interfaces/IClaimsManager.sol";

/// @notice Drives claims and incidents against one product: purchases, filings, votes, resolutions,
/// guardian overturns, claim and incident payouts, closes, rewards and time. Keeps ghost totals of
/// what each cover received, to check that nothing is paid twice or beyond what is owed.
contract ClaimsHandler is Test {
    CoverManager internal manager;
    CoverPool internal pool;
    ClaimsManager internal claims;
    MockUSDC internal usdc;
    uint256 internal productId;
    address internal guardian;
    address[] internal _holders;
    address[] internal _voters;

    uint256[] public coverIds;
    uint256[] public caseIds;
    mapping(uint256 coverId => uint256) public bought;
    mapping(uint256 coverId => uint256) public paidTo;
    mapping(uint256 caseId => mapping(uint256 coverId => bool)) public incidentPaidGhost;
    uint256 public totalBought;
    uint256 public totalPaid;
    /// @dev Deposits still held plus reward pools not yet taken (what the ClaimsManager must hold).
    uint256 public owedByClaims;
    mapping(uint256 caseId => uint256) public rewardsTaken;
    uint256 public violations;
    string public lastViolation;
    mapping(bytes32 => uint256) public calls;

    constructor(
        CoverManager manager_,
        CoverPool pool_,
        ClaimsManager claims_,
        MockUSDC usdc_,
        uint256 productId_,
        address guardian_,
        address[] memory holders,
        address[] memory voters
    ) {
        (manager, pool, claims, usdc, productId, guardian) = (manager_, pool_, claims_, usdc_, productId_, guardian_);
        _holders = holders;
        _voters = voters;
    }

    /// @dev The current time; via-IR may reuse a `block.timestamp` read across a `vm.warp`.
    function _now() internal view returns (uint256) {
        return vm.getBlockTimestamp();
    }

    function _violation(string memory what) internal {
        ++violations;
        lastViolation = what;
    }

    function _case(uint256 seed) internal view returns (uint256) {
        return caseIds[seed % caseIds.length];
    }

    // ================================================================ covers

    function buyCover(uint256 holderSeed, uint256 amount, uint256 period) external {
        address holder = _holders[holderSeed % _holders.length];
        amount = bound(amount, 1_000e6, 50_000e6);
        period = bound(period, 2 days, 90 days);
        try manager.quote(productId, amount, period) returns (uint256 premium) {
            usdc.faucet(holder, premium);
            vm.prank(holder);
            (uint256 id,) = manager.buyCover(
                BuyCoverParams({
                    riskKey: bytes32(0), productId: productId, amount: amount, period: period, maxPremium: premium, recipient: holder
                })
            );
            coverIds.push(id);
            bought[id] = amount;
            totalBought += amount;
            ++calls["buyCover"];
        } catch {
            ++calls["buyCover:skipped"];
        }
    }

    // ================================================================ cases

    function fileClaim(uint256 coverSeed, uint256 amount, uint256 ago) external {
        if (coverIds.length == 0) return;
        uint256 id = coverIds[coverSeed % coverIds.length];
        Cover memory c = manager.cover(id);
        if (c.amount == 0) return;
        amount = bound(amount, 1, c.amount);
        uint256 incidentTime = _now() - bound(ago, 0, 10 days);
        uint256 deposit = claims.params().claimDeposit;
        usdc.faucet(c.owner, deposit);
        vm.startPrank(c.owner);
        usdc.approve(address(claims), deposit);
        try claims.fileClaim(id, amount, incidentTime, "ipfs://e") returns (uint256 caseId) {
            caseIds.push(caseId);
            owedByClaims += deposit;
            ++calls["fileClaim"];
        } catch {
            ++calls["fileClaim:rejectedByChecks"];
        }
        vm.stopPrank();
    }

    function reportIncident(uint256 ago, uint256 share) external {
        if (claims.activeIncident(productId) != 0) return;
        uint256 incidentTime = _now() - bound(ago, 0, 20 days);
        share = bound(share, 0.01e18, 1e18);
        uint256 bond = claims.params().incidentBond;
        address reporter = _holders[0];
        usdc.faucet(reporter, bond);
        vm.startPrank(reporter);
        usdc.approve(address(claims), bond);
        uint256 caseId = claims.reportIncident(productId, incidentTime, share, "ipfs://i");
        vm.stopPrank();
        caseIds.push(caseId);
        owedByClaims += bond;
        ++calls["reportIncident"];
    }

    function vote(uint256 caseSeed, uint256 voterSeed, bool support) external {
        if (caseIds.length == 0) return;
        uint256 caseId = _case(caseSeed);
        Case memory c = claims.getCase(caseId);
        address voter = _voters[voterSeed % _voters.length];
        (bool voted,,,) = claims.receipt(caseId, voter);
        if (c.status != CaseStatus.Voting || _now() >= c.deadline || voted || voter == c.filer) return;
        vm.prank(voter);
        claims.castVote(caseId, support);
        ++calls["vote"];
    }

    function resolve(uint256 caseSeed) external {
        if (caseIds.length == 0) return;
        uint256 caseId = _case(caseSeed);
        Case memory c = claims.getCase(caseId);
        if (c.status != CaseStatus.Voting) return;
        if (_now() < c.deadline) vm.warp(c.deadline);
        uint256 deposit = c.deposit;
        bool accepted = claims.resolve(caseId);
        // A rejection with no votes sends the deposit to the treasury.
        if (!accepted && c.forVotes == 0 && c.againstVotes == 0) owedByClaims -= deposit;
        ++calls[accepted ? bytes32("resolve:accepted") : bytes32("resolve:rejected")];
    }

    function overturn(uint256 caseSeed) external {
        if (caseIds.length == 0) return;
        uint256 caseId = _case(caseSeed);
        Case memory c = claims.getCase(caseId);
        if (c.status != CaseStatus.Accepted || _now() >= c.deadline) return;
        vm.prank(guardian);
        claims.overturn(caseId, "invariant");
        if (c.forVotes == 0 && c.againstVotes == 0) owedByClaims -= c.deposit;
        ++calls["overturn"];
    }

    function payClaim(uint256 caseSeed) external {
        if (caseIds.length == 0) return;
        uint256 caseId = _case(caseSeed);
        Case memory c = claims.getCase(caseId);
        if (c.kind != CaseKind.Claim || c.status != CaseStatus.Accepted) return;
        if (_now() < c.deadline) vm.warp(c.deadline);
        uint256 coverId = c.subject;
        uint256 remaining = manager.cover(coverId).amount;
        address owner = manager.ownerOf(coverId);
        uint256 before = usdc.balanceOf(owner);
        uint256 filerBefore = usdc.balanceOf(c.filer);
        try claims.payClaim(caseId) returns (uint256 paid) {
            uint256 refund = c.deposit - c.deposit * claims.params().voterFeeWad / 1e18;
            uint256 ownerGot = usdc.balanceOf(owner) - before;
            if (owner == c.filer) {
                if (ownerGot != paid + refund) _violation("claim owner/claimant received other than paid + refund");
            } else if (ownerGot != paid || usdc.balanceOf(c.filer) - filerBefore != refund) {
                _violation("claim owner received other than paid, or claimant other than the refund");
            }
            if (paid > c.amount || paid > remaining) _violation("claim paid more than asked or left");
            // Deposit leaves as refund; the voters' fee stays as the reward pool.
            owedByClaims -= refund;
            _recordPaid(coverId, paid);
            ++calls["payClaim"];
        } catch {
            // Free capital short: the claim stays accepted and can be paid later.
            ++calls["payClaim:deferred"];
        }
    }

    function payIncident(uint256 caseSeed, uint256 start, uint256 count) external {
        if (caseIds.length == 0 || coverIds.length == 0) return;
        uint256 caseId = _case(caseSeed);
        Case memory c = claims.getCase(caseId);
        if (c.kind != CaseKind.Incident) return;
        if (c.status == CaseStatus.Accepted) {
            if (_now() < c.deadline) vm.warp(c.deadline);
            uint256 bondBefore = usdc.balanceOf(c.filer);
            uint256[] memory none = new uint256[](0);
            claims.payIncident(caseId, none); // settles
            owedByClaims -= usdc.balanceOf(c.filer) - bondBefore;
        } else if (c.status != CaseStatus.Payable && c.status != CaseStatus.Closed) {
            return;
        }
        // Pay up to `count` covers the incident can pay (the keeper filters with views).
        count = bound(count, 1, 5);
        uint256[] memory batch = new uint256[](count);
        uint256 n;
        for (uint256 i = 0; i < coverIds.length && n < count; ++i) {
            uint256 id = coverIds[(start % coverIds.length + i) % coverIds.length];
            if (_eligible(id, c.incidentTime)) batch[n++] = id;
        }
        assembly {
            mstore(batch, n)
        }
        uint256[] memory before = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            before[i] = manager.cover(batch[i]).amount;
        }
        try claims.payIncident(caseId, batch) returns (uint256 total) {
            uint256 sum;
            for (uint256 i = 0; i < n; ++i) {
                uint256 id = batch[i];
                uint256 paid = before[i] - manager.cover(id).amount;
                bool duplicate = false;
                for (uint256 j = 0; j < i; ++j) if (batch[j] == id) duplicate = true;
                if (duplicate) continue;
                if (incidentPaidGhost[caseId][id]) {
                    if (paid != 0) _violation("incident paid a cover twice");
                    continue;
                }
                if (paid != before[i] * c.amount / 1e18) _violation("incident paid other than share x remaining");
                incidentPaidGhost[caseId][id] = true;
                _recordPaid(id, paid);
                sum += paid;
            }
            if (sum != total) _violation("incident total differs from the covers' payouts");
            ++calls["payIncident"];
        } catch {
            ++calls["payIncident:deferred"];
        }
    }

    function closeIncident(uint256 caseSeed) external {
        if (caseIds.length == 0) return;
        uint256 caseId = _case(caseSeed);
        Case memory c = claims.getCase(caseId);
        if (c.kind != CaseKind.Incident || c.status != CaseStatus.Payable) return;
        uint256 windowEnd = uint256(c.deadline) + claims.params().payoutWindow;
        if (_now() < windowEnd) vm.warp(windowEnd);
        claims.closeIncident(caseId);
        ++calls["closeIncident"];
    }

    function claimReward(uint256 caseSeed, uint256 voterSeed) external {
        if (caseIds.length == 0) return;
        uint256 caseId = _case(caseSeed);
        address voter = _voters[voterSeed % _voters.length];
        uint256 reward = claims.rewardOf(caseId, voter);
        if (reward == 0) return;
        uint256[] memory ids = new uint256[](1);
        ids[0] = caseId;
        vm.prank(voter);
        claims.claimRewards(ids);
        owedByClaims -= reward;
        rewardsTaken[caseId] += reward;
        if (rewardsTaken[caseId] > claims.getCase(caseId).deposit) _violation("rewards above the pool");
        ++calls["claimReward"];
    }

    function warp(uint256 seconds_) external {
        vm.warp(_now() + bound(seconds_, 1 hours, 5 days));
        ++calls["warp"];
    }

    // ================================================================ helpers

    function _eligible(uint256 id, uint256 incidentTime) internal view returns (bool) {
        Cover memory c = manager.cover(id);
        if (c.owner == address(0) || c.amount == 0) return false;
        return incidentTime >= uint256(c.start) + 1 days && incidentTime < c.end && c.start <= incidentTime;
    }

    function _recordPaid(uint256 coverId, uint256 paid) internal {
        paidTo[coverId] += paid;
        totalPaid += paid;
        if (paidTo[coverId] > bought[coverId]) _violation("a cover was paid beyond its amount");
        if (usdc.balanceOf(address(pool)) < manager.liabilities()) _violation("pool below liabilities after a payout");
    }

    function coverCount() external view returns (uint256) {
        return coverIds.length;
    }
}
