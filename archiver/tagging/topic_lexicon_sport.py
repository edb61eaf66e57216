"""Topic vocabulary, part 5: sport (15).

Format: see ``archiver.tagging.topic_lexicon_arts_crime``. The project's own work.
"""

LEXICON = {
    "15000000": (
        (1, "draw, manager, boss, promotion, home, away, side, round, rounds, record, "
            "win, wins, won, winning, winner*, beat, beaten, defeat*, lost, victory, title, "
            "game, games, match, matches, team*, squad*, clash, play, played, playing, "
            "final, finals, semi-final*, semi final*, quarter-final*, quarter final*, "
            "points, score, scored, scoring, fans, crowd, "
            "cup, trophy, medal*, gold, silver, bronze, injury, injured, "
            "fitness, ranked, ranking*, opener, debut"),
        (2, "sport*, sporting, athlete*, player*, coach*, coaching, "
            "captain*, skipper, champion*, championship*, league*, tournament*, "
            "fixture*, season*, stadium*, referee*, umpire*, "
            "olympic*, olympics, paralympic*, world cup, world champion*, world record, "
            "personal best, qualifier*, qualifying, qualified for, qualification for, relegat*, playoff*, play-off*, "
            "head coach, squad, line-up, lineup, substitute*, teammate*, team-mate*, "
            "club, clubs, premiership, fifa, uefa, ioc, iaaf, icc, fia, nfl, nba, nhl, mlb, "
            "halftime, half-time, overtime, extra time, injury time, drew, drawn, "
            "unbeaten, undefeated, hat-trick, hat trick, silverware, trophy, shootout, "
            "doping, drugs test*, anti-doping, wada, transfer window, signing, signed for, "
            "contract extension, pitch, track and field, grand slam, grand prix, "
            "six nations, tri-nations, super bowl, world series, stanley cup, ryder cup, "
            "davis cup, fed cup, champions league, premier league, fa cup, uefa cup, "
            "europa league, la liga, serie a, bundesliga, ligue 1, carling cup, league cup"),
    ),
    "20001065": (
        (2, "goal, goals, penalty, penalties, corner kick*, defender*, keeper, liverpool, chelsea, everton, newcastle united, celtic, rangers, porto, ajax, sir alex ferguson"),
        (3, "football, soccer, striker*, midfielder*, goalkeeper*, "
            "goalless, penalty shootout, free-kick*, free kick*, "
            "header, crossbar, offside, own goal, equaliser, equalizer, "
            "premiership, premier league, champions league, fa cup, uefa cup, europa league, "
            "carling cup, league cup, la liga, serie a, bundesliga, ligue 1, "
            "fifa, uefa, the fa, football association, world cup qualifier*, "
            "manchester united, man utd, man united, arsenal, "
            "tottenham, spurs, aston villa, manchester city, man city, "
            "real madrid, barcelona, juventus, ac milan, inter milan, bayern munich, "
            "psv, benfica, mourinho, wenger, "
            "red card*, yellow card*, sent off, relegation, relegated, "
            "first division, second division, scottish premier league, spl, mls, "
            "4-1"),
    ),
    "20000888": (
        (2, "overs, the oval, century, batter, batters"),
        (4, "cricket*, cricketer*, test match*, test series, one-day international*, odi, odis, "
            "twenty20, t20, wicket*, wicketkeeper, innings, batsman, batsmen, batting, "
            "bowler*, bowling, bowled, half-century, "
            "not out, lbw, stumped, spinner*, all-rounder*, ashes, "
            "county championship, icc, mcc, lord's, headingley, edgbaston, "
            "old trafford cricket, trent bridge"),
    ),
    "20001085": (
        (2, "ace, aces, serve, top seed, seeded"),
        (4, "tennis, wimbledon, us open, french open, australian open, roland garros, "
            "grand slam title, atp, wta, davis cup, fed cup, "
            "straight sets, set point, match point, tie-break, tiebreak, tie-breaker, "
            "break point*, double fault*, "
            "second set, third set, first set, fifth set"),
    ),
    "20000940": (
        (2, "par, tee, birdie, birdies, bogey, bogeys, eagle, putt, putts, putted, handicap"),
        (4, "golf, golfer*, pga, european tour, pga tour, ryder cup, the masters, augusta, "
            "open championship, us open golf, birdie*, "
            "fairway*, green jacket, tee shot, under par, "
            "over par, leaderboard, caddie*"),
    ),
    "20000991": (
        (4, "formula one, formula 1, f1, grand prix, motor racing, motorsport*, "
            "pole position, pit stop*, pit lane, chequered flag, "
            "ferrari, mclaren, renault f1, red bull racing, schumacher, "
            "nascar, indycar, rally driver, world rally, drivers' championship, "
            "qualifying lap, fastest lap, team principal"),
    ),
    "20000998": ((4, "motogp, superbike*, motorcycle racing, motorcycling, isle of man tt"),),
    "20000827": (
        (4, "athletics, athlete*, sprinter*, "
            "hurdles, hurdler*, high jump, long jump, triple jump, pole vault, "
            "javelin, shot put, discus, hammer throw, decathlon, heptathlon, "
            "marathon*, half-marathon, iaaf, world athletics, indoor championships, "
            "european indoor, personal best, season's best, track and field, "
            "cross country, cross-country"),
    ),
    "20000988": ((4, "marathon*, half-marathon, london marathon, new york marathon"),),
    "20001176": (
        (4, "rugby, rugby union, rugby league, six nations, tri-nations, "
            "scrum*, lineout*, line-out*, fly-half, flyhalf, scrum-half, "
            "number eight, full-back, fullback, "
            "all blacks, wallabies, springboks, lions tour, british and irish lions, "
            "heineken cup, zurich premiership, super league, super 12, super 14, "
            "twickenham, murrayfield, millennium stadium, lansdowne road, rfu, irb, "
            "drop goal, penalty try, sin-bin, sin bin"),
    ),
    "20000823": (
        (4, "american football, nfl, super bowl, quarterback*, touchdown*, "
            "wide receiver*, running back*, linebacker*, field goal*, end zone, "
            "yards, yard line, first down, "
            "steelers, packers, 49ers, "
            "broncos, seahawks, "
            "college football, ncaa"),
    ),
    "20000849": (
        (4, "baseball, mlb, major league baseball, world series, pitcher*, pitching, "
            "home run*, homered, rbi, rbis, batting average, "
            "strikeout*, shortstop, outfielder*, infielder*, bullpen, "
            "dugout, doubleheader, yankees, red sox, mets, dodgers, white sox, "
            "orioles, astros, phillies, "
            "earned run average, no-hitter, grand slam homer"),
    ),
    "20000851": (
        (4, "basketball, nba, wnba, ncaa tournament, march madness, slam dunk, dunk, dunks, "
            "rebounds, three-pointer*, three-point, free throw*, point guard, "
            "shooting guard, lakers, celtics, knicks, "
            "pistons, mavericks, 76ers, clippers, "
            "euroleague"),
    ),
    "20000965": (
        (4, "ice hockey, nhl, stanley cup, puck, power play, power-play goal, "
            "goaltender*, goalie*, slapshot, face-off, faceoff, hat trick, rink, "
            "maple leafs, canadiens, red wings, blackhawks, "
            "canucks"),
    ),
    "20000856": ((4, "boxing, boxer*, heavyweight*, middleweight*, welterweight*, "
                      "featherweight*, title fight, tko, "
                      "wba, wbc, ibf, wbo, ringside"),),
    "20000892": ((4, "cycling, cyclist*, tour de france, giro d'italia, vuelta, peloton, "
                      "yellow jersey, stage win, time trial, velodrome, uci"),),
    "20000960": ((4, "horse racing, racehorse*, jockey*, grand national, "
                      "cheltenham festival, epsom, ascot, royal ascot, "
                      "kentucky derby, furlong*, "
                      "steeplechase, flat racing"),),
    "20001063": ((4, "snooker, maximum break, crucible, "
                      "world snooker"),),
    "20001071": ((4, "swimming, swimmer*, freestyle, backstroke, breaststroke, "
                      ""),),
    "20001056": ((4, "skiing, skier*, slalom, giant slalom, super-g, ski jumping, "
                      "alpine skiing, world cup skiing"),),
    "20001177": ((4, "olympic*, olympics, olympic games, ioc, international olympic committee, "
                      "olympic village, olympic bid, athens 2004, beijing 2008, london 2012"),),
    "20000942": ((4, "gymnastics, gymnast*, floor exercise, pommel horse, balance beam"),),
    "20001089": ((4, "volleyball, beach volleyball"),),
    "20000933": ((4, "field hockey, hockey"),),
    "20001104": ((4, "doping, drugs test*, drug test*, failed a drugs test, anti-doping, wada, "
                      "performance-enhancing, steroid*, thg, epo, banned substance*"),),
    "20001148": ((3, "transfer fee, transfer window, signing, loan deal, "
                      "loan move, free transfer, contract extension, new contract"),),
    "20001108": ((2, "tournament*, championship*, world cup, cup final, grand final, "
                      "final round, season opener"),),
    "20001323": ((3, "coach*, coaching, manager, head coach, assistant coach, sacked, appointed manager"),),
}
