"""Topic vocabulary, part 1: arts and media (01), crime and justice (02), disasters (03).

The format is shared by every ``topic_lexicon_*`` module (see ``archiver.tagging.topics``):
``LEXICON`` maps an IPTC Media Topics code (no ``medtop:`` prefix) to ``(weight, terms)``
pairs. Terms are comma-separated; a trailing ``*`` makes a prefix (``immigra*``); several
words make a phrase; a term written with capitals (``ICE``) matches only that spelling.
Weights: 1 weak hint, 2 typical word, 3 telling, 4 near-certain. The project's own work.
"""

LEXICON = {
    # --- arts, culture, entertainment and media ---
    "01000000": (
        (3, "film, films, movie, movies, album, albums, singer, singers, band, actor, actors, "
            "actress, music, musician, musicians, song, songs, comedy, comedian, tv, "
            "television, show, shows, star, stars, festival, theatre, novel, director, "
            "oscar, oscars, awards, nominations, box office, hollywood, series, drama, "
            "entertainment, celebrity, pop, rock, chart, audiences, viewers, broadcaster"),
        (
            1,
            "entertainment, showbiz, show business, celebrit*, fans, audience*, premiere*, "
            "starring, starred, stars in, red carpet, tour, touring, venue, hit show",
        ),
        (
            2,
            "pop star, rock star, film star, movie star, hollywood, bollywood, box office, "
            "arts council, the arts, culture secretary",
        ),
    ),
    "20000002": (
        (
            1,
            "artist*, performer*, stage, creative, cult classic, critics, critic, "
            "acclaimed, reviews, sequel, remake, adaptation, biopic, screen, on screen",
        ),
        (
            2,
            "entertainer*, showbusiness, award ceremony, awards ceremony, awards show, nominee*, "
            "nominated, nomination*, best actor, best actress, best director, best film, "
            "best picture, best album, lifetime achievement, golden globe*, oscar*, academy award*, "
            "bafta*, grammy, grammys, grammy award*, emmy, emmys, brit award*, brits, tony award*, "
            "mercury prize, olivier award*, cannes, sundance, berlin film festival, venice film festival, "
            "edinburgh festival, fringe festival, comedian*, comedy, comedies, stand-up comedy",
        ),
    ),
    "20000005": (
        (
            2,
            "film*, movie*, cinema*, screenplay*, screenwriter*, film-maker*, filmmaker*, "
            "director's, directed by, actor, actors, actress*, co-star*, cast, casting, blockbuster*, "
            "animated film, documentary, documentaries, trailer, studio, studios, film producer*, producer of",
        ),
        (
            3,
            "box office, box-office, hollywood, film director, film festival, film studio, "
            "motion picture*, cinemas, cinemagoers, moviegoers, dvd release, oscar-winning, "
            "oscar-nominated, best supporting, pixar, disney, dreamworks, miramax, paramount, "
            "warner bros, universal pictures, twentieth century fox, 20th century fox, mgm, "
            "spielberg, scorsese, tarantino, james bond, harry potter, lord of the rings, star wars",
        ),
    ),
    "20000018": (
        # The charts are about music as content, however the songs are sold or delivered.
        (4, "singles chart, album chart, albums chart, download chart*, official chart*, top 40, "
            "chart-topper*, chart topper*, number one single, number one album, indie label*, "
            "independent label*"),
        (
            2,
            "music*, musician*, singer*, song*, album*, band, bands, hit single, new single, debut single, chart, charts, charted, chart-topping, "
            "concert, concerts, gig, gigs, tour dates, lyrics, guitar*, drummer, bassist, vocalist, "
            "orchestra*, composer*, rapper*, hip-hop, hip hop, rap, r&b, soul singer, pop music, "
            "rock band, rock music, indie, punk, jazz, opera, operas, festival line-up, "
            "glastonbury, eurovision, record label, recording, recorded, songwriter*, frontman, "
            "lead singer, duet, hit single, number one single, top of the charts, top 10, top 40",
        ),
        (
            3,
            "grammy, grammys, brit awards, mtv, billboard, uk singles chart, album chart, "
            "debut album, new album, studio album, greatest hits, record deal, record company, "
            "record companies, music industry, music video*",
        ),
    ),
    "20000013": (
        (
            2,
            "novel, novels, novelist*, author, authors, writer*, poet*, poetry, book, books, bestseller*, best-seller*, "
            "publisher*, publishing, literary, fiction, memoir*, biography, paperback, hardback",
        ),
        (3, "booker prize, man booker, whitbread, pulitzer, nobel prize in literature, book prize"),
    ),
    "20000029": (
        (
            2,
            "theatre*, theater*, playwright*, west end, broadway, musical, musicals, stage show, "
            "pantomime, panto, production of, shakespeare, royal shakespeare company, national theatre",
        ),
    ),
    # Dance has no words elsewhere; without them a ballet story is read through its stray
    # words (coaching, exams, computer games).
    "20000007": (
        (3, "dance, dances, dancer*, dancing, choreograph*, dance company, dance troupe, "
            "contemporary dance, modern dance, dance school, dance teacher*"),
    ),
    "20000008": (
        (4, "ballet, ballets, ballerina*, ballet dancer*, royal ballet, national ballet, "
            "ballet company, principal dancer*, corps de ballet, swan lake, nutcracker"),
    ),
    "20000031": (
        (
            2,
            "painting*, painter*, sculpture*, sculptor*, gallery, galleries, exhibition*, artwork*, "
            "art world, art collector*, auction house, sotheby's, christie's, tate modern, turner prize, "
            "photograph*, photographer*, museum*",
        ),
    ),
    "20000011": ((2, "fashion, catwalk, designer label, couture, fashion week, supermodel*, model agency"),),
    "20000045": (
        (
            1,
            "media, broadcast*, broadcaster*, journalist*, reporter*, editor*, newspaper*, "
            "tabloid*, press, headline*, columnist*, presenter*, host, hosted, anchor",
        ),
        (
            2,
            "ofcom, bbc, itv, channel 4, channel five, sky news, cnn, fox news, nbc, cbs, abc news, "
            "media group, news channel, news outlet*, news organisation*, press freedom, "
            "freedom of the press",
        ),
    ),
    "20000051": (
        (
            2,
            "television, tv, tv show*, tv series, television series, sitcom*, soap opera*, soaps, "
            "drama series, reality show*, reality tv, talent show*, game show*, viewers, viewing figures, "
            "tv ratings, episode*, primetime, prime time, channel, channels, series finale, finale, spin-off, "
            "eastenders, coronation street, big brother, pop idol, american idol, x factor, "
            "strictly come dancing, i'm a celebrity, chat show, talk show, late show, late-night show",
        ),
        (
            3,
            "tv presenter, television presenter, tv drama, bbc one, bbc two, bbc three, itv1, "
            "episodes, audience of, million viewers",
        ),
    ),
    "20000050": (
        (
            2,
            "radio, radio station*, radio show, dj, djs, disc jockey, radio 1, radio 2, radio 4, "
            "breakfast show, airplay, listeners, podcast*",
        ),
    ),
    "20000047": (
        (
            2,
            "newspaper*, tabloid*, broadsheet*, daily mail, the sun, the times, the guardian, "
            "daily mirror, new york times, washington post, editor-in-chief, circulation",
        ),
    ),
    "20000038": (
        (1, "cultural, heritage, tradition*, folklore, museum*, library, libraries, monument*"),
        (2, "unesco world heritage, world heritage site, national trust, cultural heritage"),
    ),
    "20000505": (
        (2, "celebrity, celebrities, paparazzi, star's, socialite*, gossip, heartthrob, superstar*"),
    ),
    # --- crime, law and justice ---
    "02000000": (
        (
            1,
            "law, laws, legal, lawyer*, attorney*, justice, criminal*, offence, offences, offense, offenses, "
            "illegal*, unlawful*, victim*, accused",
        ),
    ),
    "20000082": (
        (
            2,
            "crime*, criminal*, suspect*, murder*, murdered, killing*, stabbing*, stabbed, "
            "shooting*, gunman, gunmen, robbery, robberies, robbed, burglar*, theft*, stolen, "
            "stole, thief, thieves, fraud*, fraudster*, scam*, assault*, rape*, raped, kidnap*, "
            "abduct*, hostage*, smuggl*, trafficking, trafficker*, drug dealer*, drug dealing, "
            "gang, gangs, gangster*, mafia, cartel*, homicide*, manslaughter, arson*, vandalism, "
            "carjack*, shoplift*, extortion, blackmail*, money laundering, laundering, bribe*, "
            "bribery, embezzl*, forger*, counterfeit*, hate crime*, knife crime, gun crime, "
            "crime rate*, violent crime",
        ),
        (
            3,
            "charged with murder, charged with, pleaded guilty, pleaded not guilty, pleads guilty, "
            "convicted of, accused of killing, accused of murdering, armed robbery, drive-by",
        ),
    ),
    "20000086": (
        (
            3,
            "cybercrime, cyber crime, cyber-crime, hacker*, hacking, hacked, phishing, identity theft, "
            "ransomware, data breach, spam*, spammer*, malware, fraudulent e-mail*, online fraud",
        ),
    ),
    "20000093": ((3, "corruption, corrupt, bribe*, bribery, kickback*, graft, embezzlement"),),
    "20000099": (
        (
            3,
            "murder*, murdered, homicide*, manslaughter, killed by, stabbed to death, "
            "shot dead, shot and killed, beaten to death, killer, killers, serial killer",
        ),
    ),
    "20001313": (
        (3, "shooting*, gunman, gunmen, gunfire, shots fired, mass shooting, opened fire, active shooter"),
    ),
    "20000095": (
        (
            3,
            "drug trafficking, drug dealer*, cocaine, heroin, cannabis, marijuana, methamphetamine, "
            "fentanyl, narcotics, drug bust, drug smuggling, drug cartel*, drugs charges",
        ),
    ),
    "20000097": (
        (
            3,
            "fraud*, fraudster*, scam*, scammer*, ponzi, swindl*, false accounting, insider trading, "
            "securities fraud",
        ),
    ),
    "20000104": (
        (
            3,
            "robbery, robberies, robbed, burglar*, theft*, stolen, thief, thieves, looting, looted, "
            "heist, shoplift*, mugging*, pickpocket*",
        ),
    ),
    "20000101": (
        (
            3,
            "organised crime, organized crime, mafia, mob boss, crime syndicate*, crime family, "
            "gang, gangs, gang member*, triad*, yakuza, cartel*",
        ),
    ),
    "20001283": (
        (
            3,
            "human trafficking, people smuggling, people smuggler*, human smuggling, trafficked, "
            "smuggling ring, sex trafficking",
        ),
    ),
    "20000100": ((3, "kidnap*, abduct*, ransom, hostage*, taken hostage"),),
    "20000106": (
        (
            2,
            "court, courts, courtroom*, judge*, judicial, judiciary, trial, trials, verdict*, jury, juries, juror*, "
            "prosecutor*, prosecution, defendant*, plaintiff*, lawsuit*, lawsuits, sued, sue, suing, "
            "testif*, witness*, hearing*, ruling*, ruled, appeal, appeals, appealed, acquit*, convict*, sentenc*, "
            "jailed, jail, prison*, imprison*, custody, bail, indict*, injunction, legal action, "
            "legal challenge, court case, high court, supreme court, court of appeal, appeals court, "
            "crown court, magistrate*, district court, federal court, law lords, attorney general, "
            "district attorney, barrister*, solicitor*, counsel, guilty, not guilty, "
            "life sentence, death penalty, death row, parole, probation",
        ),
    ),
    "20000107": (
        (
            2,
            "court, courts, courtroom*, courtroom, judge*, trial, verdict*, jury, juror*, high court, supreme court, "
            "court of appeal, appeals court, crown court, magistrates, district court, federal court, "
            "lawsuit*, sued, legal action, court case, ruling, ruled that",
        ),
    ),
    "20000118": (
        (
            2,
            "prosecutor*, prosecution, prosecuted, district attorney, crown prosecution service, "
            "indict*, charged with",
        ),
    ),
    "20000134": (
        (
            2,
            "sentenced, sentencing, jailed, jail term, prison sentence, life sentence, "
            "years in prison, imprisonment, death penalty, death row, executed, execution",
        ),
    ),
    "20000121": (
        (
            2,
            "law, legislation, statute*, legal system, new law, bill into law, signed into law, "
            "legal reform, lawmakers, legislative",
        ),
    ),
    "20000120": (
        (
            3,
            "civil rights, civil liberties, human rights act, discrimination lawsuit, aclu, "
            "liberty group, due process",
        ),
    ),
    "20000129": (
        (
            2,
            "law enforcement, enforcement, police, policing, officer*, cop, cops, sheriff*, "
            "deputies, detective*, arrest*, detain*, detention, custody, raid*, patrol*, "
            "investigat*, warrant*, federal agents, federal authorities, agents, crackdown, "
            "checkpoint*, fbi, FBI, DEA, ATF, scotland yard, interpol, europol, "
            "homeland security, immigration and customs enforcement, border patrol, customs and border protection",
        ),
        (
            2,
            "law enforcement, police department, police officer*, police chief, chief of police, "
            "state police, arrested, arrests, handcuff*, ICE agents, ICE officers, immigration agents, "
            "immigration officers, enforcement officers, enforcement agencies, police said, sheriff's office",
        ),
    ),
    "20000133": (
        (
            2,
            "police, policing, policeman, policemen, policewoman, police officer*, police force*, "
            "police department, police chief, constable*, detective*, scotland yard, met police, "
            "metropolitan police, cop, cops, precinct, squad car, nypd, lapd",
        ),
    ),
    "20000130": (
        (
            2,
            "arrested, arrest, arrests, detained, handcuffed, taken into custody, in custody, "
            "apprehended, rounded up",
        ),
    ),
    "20000131": (
        (
            2,
            "investigation*, investigators, investigating, inquiry into, probe, probing, "
            "forensic*, search warrant, crime scene",
        ),
    ),
    "20000103": (
        (
            3,
            "terrorism, terrorist*, terror suspect*, terror attack*, terror plot*, anti-terror, anti-terrorism, "
            "counter-terror*, bomb plot, suicide bomb*, jihadist*, al-qaeda, al qaeda, isis, "
            "islamic state, taliban, extremist*, radicalis*, radicaliz*",
        ),
    ),
    # --- disaster, accident and emergency incident ---
    "03000000": (
        (
            1,
            "emergency, emergencies, rescue*, rescuers, victims, survivor*, casualt*, "
            "evacuat*, dead, death toll, injured, missing, aid agencies, relief effort*, "
            "relief work*, humanitarian aid",
        ),
        (
            2,
            "disaster*, catastroph*, tragedy, devastat*, death toll, toll rose, search and rescue, "
            "state of emergency, emergency services, red cross, disaster relief",
        ),
    ),
    "20000151": (
        (
            3,
            "natural disaster*, earthquake*, quake*, tremor*, aftershock*, tsunami*, flood*, "
            "flooding, floodwater*, landslide*, mudslide*, avalanche*, volcano*, volcanic, eruption*, "
            "hurricane*, typhoon*, cyclone*, tornado*, wildfire*, bushfire*, forest fire*, drought*, "
            "richter scale, magnitude",
        ),
    ),
    "20000153": (
        (4, "earthquake*, quake*, tremor*, aftershock*, richter scale, seismic, epicentre, epicenter"),
    ),
    "20001353": ((4, "tsunami*, tidal wave*"),),
    "20000154": (
        (
            4,
            "flood*, flooding, flooded, floodwater*, flash flood*, burst its banks, flood defences, "
            "flood warning*, inundated, submerged, swollen river*",
        ),
    ),
    "20001202": ((4, "wildfire*, bushfire*, forest fire*, brush fire*, firefighters battled, blaze*"),),
    "20000152": ((3, "drought*, water shortage*, hosepipe ban, dry spell"),),
    "20000155": ((4, "landslide*, mudslide*, landslip*"),),
    "20000159": ((4, "volcano*, volcanic, eruption*, erupted, lava, ash cloud"),),
    "20001280": ((4, "hurricane*, typhoon*, cyclone*, tropical storm*, storm surge"),),
    "20000158": ((3, "tornado*, twister*, gale*, windstorm*, gusts"),),
    "20000150": (
        (
            3,
            "fires, blaze*, firefighter*, fire brigade, fire crews, fire department, "
            "burned down, burnt down, engulfed, flames, smoke inhalation, arson",
        ),
    ),
    "20000149": ((4, "famine*, starvation, food shortage*, malnutrition"),),
    "20000139": (
        (
            2,
            "accident*, collision*, derail*, capsiz*, sank, sinking, shipwreck*, "
            "explosion*, blast, pile-up, plane crash, air crash, car crash, road accident*, "
            "train crash, ferry disaster, mine collapse, gas leak, gas explosion, killed in a crash",
        ),
    ),
    "20000143": (
        (
            3,
            "plane crash, air crash, airliner crashed, car crash, road accident*, traffic accident*, "
            "train crash, derailed, derailment, collided, ferry, capsized, shipwreck, crash landing, "
            "emergency landing, black box",
        ),
    ),
    "20000168": (
        (
            3,
            "emergency response, first responders, paramedic*, ambulance*, emergency crews, "
            "emergency services, rescue teams, evacuation order*, evacuated, fema, shelters",
        ),
    ),
}
