"""China's statutory public holidays of a year, computed: the days the law fixes, before the State Council
publishes the year's official schedule (which adds bridging days and 调休 make-up workdays). Lunar dates
come from `lunardate`; 清明 (Qingming) is a solar term, computed by the usual 21st-century formula.

Computed days are provisional: the official schedule, once loaded, replaces them."""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from lunardate import LunarDate


def qingming(year: int) -> date:
    """April 4, 5 or 6: [Y × 0.2422 + 4.81] − [Y / 4] for Y the year's last two digits (valid 2001–2099)."""
    y = year % 100
    return date(year, 4, int(y * 0.2422 + 4.81) - y // 4)


def _lunar(year: int, month: int, day: int) -> date:
    solar: date = LunarDate(year, month, day).to_solar_date()
    return solar


@lru_cache(maxsize=32)
def statutory_days(year: int) -> dict[date, str]:
    """Every statutory day off of `year` with its festival: New Year, Spring Festival (eve and three
    days), Qingming, Labour Day (two days), Dragon Boat, Mid-Autumn, National Day (three days)."""
    if not 2001 <= year <= 2099:
        raise ValueError(f"statutory holidays are computed for 2001-2099, not {year}")
    lunar_new_year = _lunar(year, 1, 1)
    days = {date(year, 1, 1): "New Year's Day"}
    days.update({lunar_new_year + timedelta(days=n): "Spring Festival" for n in range(-1, 3)})
    days[qingming(year)] = "Tomb-sweeping Day"
    days.update({date(year, 5, n): "Labour Day" for n in (1, 2)})
    days[_lunar(year, 5, 5)] = "Dragon Boat Festival"
    days[_lunar(year, 8, 15)] = "Mid-autumn Festival"
    days.update({date(year, 10, n): "National Day" for n in (1, 2, 3)})
    return days
