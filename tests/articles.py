"""Short articles written for the tests (invented events; real place names)."""

DANBURY = """Danbury Council Backs New Rules on Immigration Cooperation

By Jane Roe
DANBURY, Conn. (AP) — The Danbury City Council voted Tuesday to limit how city police work with
U.S. Immigration and Customs Enforcement, a change Mayor Mark Boughton said would keep officers
focused on criminal cases.

"We will work with ICE on criminal conduct, not on paperwork," Boughton said after the vote.

Maria Lopez, who runs a bakery on Main Street in Danbury, said many of her customers had been afraid
to leave home. The Department of Homeland Security did not respond to a request for comment.

Connecticut lawmakers in Hartford are weighing a similar statewide measure.
"""

HARTFORD_BUDGET = """Hartford Approves School Budget After Long Debate

HARTFORD, Conn. — The Hartford Board of Education approved a $450 million budget late Monday after a
six-hour meeting in which parents pleaded for more reading teachers.

Superintendent Leslie Torres said the plan adds twelve teachers and closes a gap left by falling state
aid. Board member Carl Whitfield voted against it, calling the spending on consultants wasteful.
"""

NAIROBI_FLOODS = """Floods Displace Thousands in Nairobi

NAIROBI, Kenya (Reuters) - Heavy rains flooded low-lying neighbourhoods of Nairobi on Wednesday,
forcing thousands of families from their homes, the Kenya Red Cross said.

The Kenya Meteorological Department warned that more storms were expected across the Rift Valley
this week. Governor Peter Kamau urged residents near the Nairobi River to move to higher ground.
"""

EARNINGS = """Acme Widgets Profit Jumps on Strong Demand

Acme Widgets Inc. said on Thursday its third-quarter profit rose 40 percent as demand for its
industrial sensors grew in Europe and Asia. Chief executive Dana Whitcomb told analysts the company
would raise its dividend and buy back $200 million of shares. The stock rose 6 percent in New York.
"""

ALL = {"danbury": DANBURY, "hartford": HARTFORD_BUDGET, "nairobi": NAIROBI_FLOODS, "earnings": EARNINGS}
