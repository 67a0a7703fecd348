// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title ExpiryBitmap
/// @notice One bit per day index marking the days whose expiry bucket holds cover, 256 days a word.
/// @dev Lets the ledgers jump from one non-empty bucket to the next: a year of empty days costs two
/// word reads, not 365 bucket reads, so no call grows with the time since the last one.
library ExpiryBitmap {
    /// @dev Returned by `firstSet` when no bit in the range is set.
    uint256 internal constant NONE = type(uint256).max;

    /// @notice Sets the bit of `day`.
    function set(mapping(uint256 => uint256) storage bits, uint256 day) internal {
        bits[day >> 8] |= 1 << (day & 0xff);
    }

    /// @notice Clears the bit of `day`.
    function unset(mapping(uint256 => uint256) storage bits, uint256 day) internal {
        bits[day >> 8] &= ~(1 << (day & 0xff));
    }

    /// @notice The smallest set day in `[from, to]`, or `NONE`. Reads one word per 256 days of range.
    function firstSet(mapping(uint256 => uint256) storage bits, uint256 from, uint256 to)
        internal
        view
        returns (uint256)
    {
        while (from <= to) {
            uint256 wordIndex = from >> 8;
            uint256 lastBit = (to >> 8) == wordIndex ? to & 0xff : 0xff;
            uint256 masked = bits[wordIndex] & _rangeMask(from & 0xff, lastBit);
            if (masked != 0) return (wordIndex << 8) | _lowestBit(masked);
            from = (wordIndex + 1) << 8;
        }
        return NONE;
    }

    /// @notice A lower bound of the next set day at or after `from`: the exact day when it is in
    /// `from`'s word, otherwise the first day of the next word. Reads one word.
    function nextHint(mapping(uint256 => uint256) storage bits, uint256 from) internal view returns (uint256) {
        uint256 wordIndex = from >> 8;
        uint256 masked = bits[wordIndex] & _rangeMask(from & 0xff, 0xff);
        return masked != 0 ? (wordIndex << 8) | _lowestBit(masked) : (wordIndex + 1) << 8;
    }

    /// @dev Mask of the bits `lo..hi` inclusive (lo <= hi <= 255).
    function _rangeMask(uint256 lo, uint256 hi) private pure returns (uint256) {
        return ((type(uint256).max >> (255 - hi)) >> lo) << lo;
    }

    /// @dev Index of the lowest set bit of a non-zero word.
    function _lowestBit(uint256 word) private pure returns (uint256) {
        unchecked {
            // `word & -word` isolates the lowest set bit (two's complement).
            return Math.log2(word & (~word + 1));
        }
    }
}
