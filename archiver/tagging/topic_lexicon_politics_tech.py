"""Topic vocabulary, part 4: politics (11), science and technology (13), conflict (16).

Format: see ``archiver.tagging.topic_lexicon_arts_crime``. The project's own work.
"""

LEXICON = {
    # --- politics and government ---
    "11000000": (
        (3, "government, governments, minister, ministers, mp, mps, MP, MPs, parliament, "
            "parliamentary, commons, house of commons, house of lords, prime minister, tory, "
            "tories, labour party, conservatives, lib dems, liberal democrats, senate, congress, "
            "white house, downing street, home secretary, whitehall, westminster, cabinet, "
            "opposition, politicians, political, politics, election, elections, general election"),
        (1, "official*, minister's, spokesman, spokeswoman, spokesperson, policy, policies, "
            "reform*, proposal*, plans, critics, opponents, backed, opposed, urged, "
            "public, national, federal, state, council, authorities, agency, leader*, campaign*, "
            "bills, the bill, new bill, bill would"),
        (2, "government*, politic*, politician*, minister*, ministry, ministries, cabinet, "
            "parliament*, lawmaker*, legislat*, senator*, senate, congress*, congressman, "
            "congresswoman, representatives, mp, mps, MP, MPs, msp*, mep*, peer, peers, lords, "
            "commons, downing street, whitehall, westminster, white house, capitol hill, "
            "president*, presidency, prime minister*, premier, secretary of state, "
            "home secretary, foreign secretary, foreign minister, home office, "
            "party, parties, labour, tory, tories, conservative*, liberal democrat*, lib dem*, "
            "republican*, democrat*, gop, snp, plaid cymru, ukip, leadership, "
            "opposition, backbench*, frontbench*, shadow, whip, whips, mandate, coalition*, "
            "manifesto*, campaigning, election*, elect, elected, voter*, vote*, "
            "voting, ballot*, poll, polls, polled, pollster*, polling, polling, referendum, constituency, constituencies, "
            "by-election, general election, mayor*, governor*, governors, council*, "
            "councillor*, councilman, councilwoman, legislation, law, "
            "amendment*, veto*, policy, policies, regime, diplomat*, diplomacy, embassy, "
            "ambassador*, sanctions, treaty, summit*, talks, european union, eu, EU, "
            "brussels, european commission, european parliament, un, UN, united nations, "
            "nato, NATO, g8, sovereign*, constitution*, constitutional, devolution, "
            "independence, civil servant*, civil service, bureaucra*, spin doctor*, "
            "prime minister's questions, pmqs, queen's speech, state of the union"),
        # Words that only politics uses: parliaments, parties, campaigns, ministers and their
        # bills. A crime, school or health story framed by these is a political story.
        (4, "mps, MPs, msps, meps, house of commons, the commons, house of lords, the lords, "
            "peers, backbench*, frontbench*, shadow, tory, tories, labour party, lib dem, lib dems, "
            "liberal democrat*, conservative party, conservative leader, labour leader, "
            "tory leader, tory party, lib dem leader, opposition leader, "
            "party leader*, snp, ukip, plaid cymru, bnp, green party, general election, "
            "election campaign, election pledge*, manifesto*, by-election, party conference, "
            "downing street, whitehall, home secretary, education secretary, health secretary, "
            "culture secretary, foreign secretary, home office, secretary of state, "
            "second reading, royal assent, select committee, committee of mps, pmqs, "
            "prime minister's questions, queen's speech, bill, bills, legislation, "
            "legislature, lawmakers, senators, congressman, congresswoman, congressional"),
    ),
    "20000593": (
        (3, "government*, minister*, ministry, cabinet, prime minister*, president*, "
            "premier, home secretary, foreign secretary, secretary of state, "
            "white house, downing street, whitehall, administration, officials, civil service, "
            "civil servant*, department of, governor*"),
    ),
    "20000614": ((3, "national government, federal government, central government, the government, "
                      "prime minister*, cabinet, downing street, whitehall, white house"),),
    "20000615": ((3, "parliament*, parliamentary, mp, mps, MP, MPs, house of commons, commons, "
                      "house of lords, lords, senate, senator*, congress, congressional, congressman, "
                      "congresswoman, lawmaker*, legislat*, legislature, assembly, "
                      "select committee, bill, bills, second reading, amendment*, vote in parliament"),),
    "20000612": (
        (1, "city, town, county, village, borough, local"),
        (4, "mayor, mayors, city council, town council, city hall, town hall"),
        (3, "mayor*, city council*, town council*, county council*, councillor*, council members, "
            "city hall, town hall, city officials, town officials, municipal*, local government, "
            "local authority, local authorities, borough, county officials, city manager, "
            "board of selectmen, selectmen, aldermen, alderman, "
            "county commissioner*, local officials, mayoral"),
    ),
    "20000618": ((3, "state government, state legislature, statehouse, governor*, state senator*, "
                      "regional government, provincial government, devolved, scottish parliament, "
                      "welsh assembly, stormont"),),
    "20001265": ((3, "local government policy, council tax, local services, city budget, "
                      "town budget, zoning, bin collections"),),
    "20000574": (
        (3, "election*, elect, elected, electoral, voter*, vote, votes, voted, voting, ballot*, "
            "poll, polls, polling, opinion poll*, candidate*, candidacy, election campaign, "
            "campaign trail, manifesto*, constituency, constituencies, seat, seats, "
            "re-election, reelection, turnout, polling station*, "
            "general election, presidential election, primary election*, primaries, caucus*, "
            "by-election, run-off, runoff, electorate, electioneering, hustings, "
            "incumbent, electoral commission"),
    ),
    "20000579": ((4, "general election, presidential election, national election*, parliamentary election*, "
                      "election day, polling day, election campaign, election date"),),
    "20000578": ((4, "local election*, council election*, mayoral election*, mayoral race, municipal election*"),),
    "20000582": ((3, "candidate*, candidacy, running mate, frontrunner, front-runner"),),
    "20000583": ((4, "primary election*, primaries, caucus*, nomination contest, super tuesday"),),
    "20000584": ((4, "referendum*, plebiscite, ballot measure, ballot initiative"),),
    "20000586": ((3, "voter*, voting, turnout, ballot*, postal vote*, polling station*, "
                      "voter registration, electoral register"),),
    "20000621": (
        (3, "government policy, policy, policies, plans to, proposals, white paper, green paper, "
            "reforms, initiative, strategy, crackdown, regulation*, regulations, rules, "
            "new rules, scheme, legislation, ban, bans, banned"),
    ),
    "20000634": (
        (4, "immigration policy, immigration policies, immigration reform, immigration laws, "
            "immigration law, immigration rules, immigration bill, immigration system, "
            "immigration controls, border control*, border security, border wall, "
            "points system, points-based, asylum policy, asylum system, travel ban, "
            "visa rules, visa restrictions, federal immigration, sanctuary city, sanctuary cities, "
            "sanctuary policy, sanctuary policies, enforcement of immigration laws, "
            "immigration enforcement, secure communities, 287 g, executive order*"),
    ),
    "20000620": ((1, "tax, taxes, taxed, taxing, taxman, taxation, taxes, taxpayer*, income tax, vat, council tax, tax cut*, "
                      "tax rise*, tax credit*, inland revenue, irs, hmrc, tax return*"),),
    "20000607": ((1, "budget, budgets, spending review, pre-budget, public spending, public finances, "
                      "spending cuts, fiscal, deficit, borrowing, appropriations"),),
    "20000636": ((2, "regulation of industry, regulator*, regulatory, watchdog, ofcom, ofgem, ofwat, "
                      "fsa, financial services authority, sec, securities and exchange commission, "
                      "ftc, federal communications commission, fcc, competition authorit*"),),
    "20000598": ((4, "national security, homeland security, department of homeland security, "
                      "security services, mi5, mi6, cia, nsa, intelligence agenc*, counter-terrorism, "
                      "anti-terror laws, identity cards, id cards, surveillance"),),
    "20000628": ((3, "housing policy, affordable housing, social housing, urban planning, "
                      "planning permission, regeneration"),),
    "20000630": ((3, "welfare reform, welfare state, benefits system, social security, pensions policy"),),
    "20000638": (
        (3, "international relations, foreign policy, diplomat*, diplomacy, diplomatic, embassy, "
            "embassies, ambassador*, envoy*, bilateral, summit*, foreign minister*, "
            "foreign secretary, secretary of state, state department, foreign office, "
            "united nations, un security council, security council, nato, sanctions, treaty, "
            "treaties, g8, g7, g20, european union, eu, EU, african union, asean"),
    ),
    "20000639": ((4, "diplomacy, diplomat*, diplomatic, embassy, ambassador*, envoy*, "
                      "bilateral talks, summit*, state visit"),),
    "20000642": ((4, "sanctions, embargo*, economic sanctions, trade sanctions"),),
    "20000644": ((4, "united nations, un security council, nato, european union, african union, "
                      "commonwealth, arab league, asean, general assembly"),),
    "20001384": ((4, "party leader*, party members, party conference, labour party, conservative party, "
                      "liberal democrats, lib dems, republican party, democratic party, "
                      "tory party, party's, ukip, snp, green party"),),
    "20001261": ((3, "prime minister*, premier, head of government, pm"),
                 (1, "chancellor")),
    "20000610": ((3, "president*, presidency, head of state, king, queen, monarch"),),
    "20000613": ((3, "minister*, secretary of state, cabinet minister*, home secretary, "
                      "foreign secretary, health secretary, education secretary, culture secretary"),),
    "20000587": ((3, "human rights, civil liberties, freedom of speech, free speech, censorship, "
                      "press freedom, amnesty international, human rights watch"),),
    "20000653": ((2, "democracy, democratic, dictatorship, authoritarian*, one-party, "
                      "political system, constitution*, monarchy"),),
    # --- science and technology ---
    "13000000": (
        (4, "gaming, gamers, gameplay, games console*, consoles, console, dvd, dvds, "
            "high-definition, hd, piracy, pirates, pirated, file-sharing, file sharing, "
            "peer-to-peer, hi-tech, high-tech, tech firm*, technology firm*, tech giant*"),
        (3, "technology, technologies, computer, computers, software, internet, online, "
            "digital, mobile, mobiles, broadband, gadget, gadgets, website, websites, web, "
            "net, users, devices, device, pc, pcs, microsoft, google, apple, e-mail, email, "
            "hackers, virus, viruses, spam, phones, handsets, download, downloads"),
        (1, "research*, researcher*, scientist*, science, scientific, study, studies, "
            "experiment*, laboratory, laboratories, lab, labs, technology, technologies, "
            "technological, tech, innovation*, innovative, inventor*, invention*, invented, device*, gadget*, "
            "digital, electronic*, online, internet, web, net, users, system*, data, "
            "network*, computer*"),
        (2, "hi-tech, high-tech, high tech, technology firm*, tech firm*, tech company, "
            "tech giant*, silicon valley, gadgets, engineers, engineering, nasa, esa, "
            "space agency, physicist*, chemist*, biologist*, astronomer*, genetic*, "
            "gene, genes, genome, dna, stem cell*, cloning, cloned, nanotechnolog*, robot*, "
            "robotic*, artificial intelligence, ai, AI, machine learning, algorithm*"),
    ),
    "20000756": (
        (3, "technology, technologies, technological, hi-tech, high-tech, gadget*, device*, "
            "engineer*, engineering, inventor*, invention*, invented, innovation*, prototype*, robot*, robotic*"),
    ),
    "20000763": (
        (4, "video game*, videogame*, computer game*, games console*, playstation, xbox, "
            "nintendo, gamers, games industry, game developer*, games maker*"),
        (2, "online, web, digital, users, data, mobile, phone, phones"),
        (3, "computer*, computing, pc, pcs, laptop*, desktop*, software, hardware, "
            "operating system*, windows, linux, open source, open-source, microsoft, apple, "
            "mac, macs, ibm, intel, amd, google, yahoo, msn, ebay, amazon, aol, "
            "internet, website*, web site*, webpage*, web page*, net users, on the net, "
            "browser*, firefox, internet explorer, search engine*, e-mail*, email*, "
            "spam, spammers, blog, blogs, blogger*, blogging, broadband, dial-up, wi-fi, "
            "wifi, wireless, bluetooth, digital, download*, downloading, file-sharing, "
            "file sharing, peer-to-peer, p2p, napster, itunes, ipod*, mp3, mp3s, podcast*, "
            "server*, database*, programmer*, programming, source code, coders, cyber, cyberspace, "
            "hackers, hacking, virus writers, computer virus*, anti-virus, antivirus, "
            "worm, worms, trojan*, malware, spyware, adware, phishing, firewall*, "
            "encryption, password*, datacentre*, data centre*, cloud computing, "
            "chip, chips, chipmaker*, processor*, microchip*, semiconductor*, "
            "web users, internet users, surfers, online services, "
            "domain name*, url, icann, html, java, net firms, dotcom, dot-com, "
            "silicon valley, tech firm*, technology firm*, it industry, it firms"),
        # Consumer technology: games machines, digital music and video, devices. These words say
        # the story is about the technology or its industry, not about a film's or album's content.
        (4, "video game*, videogame*, computer game*, console, consoles, games console*, games machine*, "
            "playstation, ps2, ps3, xbox, gamecube, game boy, nintendo, nintendo ds, psp, handheld*, "
            "gamer*, gameplay, games industry, games maker*, game developer*, game publisher*, "
            "games developer*, games publisher*, electronic arts, online gaming, multiplayer, "
            "mmorpg, game engine*, "
            "digital music, music download*, download service*, legal download*, illegal download*, "
            "downloadable, online music, music service*, "
            "digital downloads, file-sharer*, file-swapping, peer-to-peer, p2p, bittorrent, "
            "kazaa, napster, itunes, ipod*, mp3, mp3 player*, media player*, music player*, "
            "portable player*, digital rights management, drm, copy protection, "
            "video-on-demand, video on demand, on-demand, webcast*, podcast*, "
            "internet radio, net radio, web radio, internet tv, broadband tv, "
            "search engine*, search firm, web firm, net firm, web site*, website*, "
            "software, hardware, operating system*, microsoft, apple, google, yahoo, "
            "high-definition, high definition, hd-dvd, hd dvd, blu-ray, dvd format*, "
            "dvd recorder*, dvd player*, "
            "personal video recorder*, pvr, pvrs, tivo, set-top box*, digital tv, "
            "digital television, interactive tv, freeview, hdtv, "
            "gadget*, handset*, smartphone*, mobile phone*, mobile operator*, "
            "mobile network*, 3g, wi-fi, wifi, bluetooth, broadband, chipmaker*, "
            "hi-tech, high-tech"),
        (3, "graphics, streaming, portal*, recordable, downloading, downloaded, device*, "
            "technolog*, tech, users, chip, chips, processor*"),
    ),
    "20001298": ((4, "artificial intelligence, ai, AI, machine learning, neural network*, "
                      "chatbot*, deep learning, language model*, chatgpt, openai"),),
    "20000761": (
        (3, "electronics, electronic*, gadget*, device*, handset*, mobile phone*, mobiles, "
            "cellphone*, cell phone*, smartphone*, camera phone*, "
            "3g, 4g, 5g, gps, sat-nav, tablet*, ipad*, iphone*, blackberry, "
            "pda, pdas, hdtv, high-definition, high definition, "
            "flat screen*, plasma, lcd, dvd player*, dvd recorder*, set-top box*, "
            "digital camera*, consumer electronics, ces, sony, samsung, nokia, motorola, "
            "philips, toshiba, panasonic, lg, battery, batteries, chargers"),
    ),
    "20000762": ((4, "biometric*, fingerprint*, facial recognition, rfid, identity card*, id card*, "
                      "iris scan*, chip and pin"),),
    "20000757": ((3, "aerospace engineering, rocket, rockets, spacecraft, satellite*, space shuttle, launch pad"),),
    "20000717": (
        (3, "science, scientist*, scientific, physics, physicist*, chemistry, chemist*, "
            "biology, biologist*, astronomy, astronomer*, geolog*, fossil*, dinosaur*, "
            "evolution, species, telescope*, planet*, galaxy, galaxies, universe, "
            "black hole*, asteroid*, comet*, solar system, mars, moon, orbit*"),
    ),
    "20000718": ((4, "astronom*, telescope*, planet*, galaxy, galaxies, star formation, black hole*, "
                      "asteroid*, comet*, solar system, exoplanet*, hubble"),),
    "20000738": ((3, "space exploration, nasa, esa, space agency, astronaut*, cosmonaut*, "
                      "spacecraft, space station, space probe, mission to mars, lunar, "
                      "moon landing, space shuttle"),),
    "20000735": ((3, "research*, researcher*, study, studies, scientists, experiment*, findings, "
                      "published in, journal nature, journal science, peer-reviewed, "
                      "research team, university of"),),
    "20000710": ((4, "biotech*, genetic*, gene, genes, genome, dna, stem cell*, cloning, cloned, "
                      "gm crops, genetically modified"),),
    "20000742": ((2, "psycholog*, sociolog*, anthropolog*, archaeolog*, historian*, "
                      "linguist*"),),
    # --- conflict, war and peace ---
    "16000000": (
        (1, "attack*, battle*, offensive, arms"),
        (2, "war, wars, warfare, military, troops, soldier*, army, armies, armed forces, "
            "navy, naval, air force, marines, militar*, militia*, rebel*, insurgen*, "
            "guerrilla*, fighting, fighters, combat, ceasefire, "
            "cease-fire, truce, airstrike*, air strike*, air raid*, bombing*, bombard*, "
            "shelling, missile*, rocket attack*, artillery, weapon*, "
            "ammunition, casualties, killed, wounded, civilians, invasion, invade*, "
            "occupation, occupied, occupying, withdrawal, peacekeep*, peace talks, "
            "peace process, peace deal, conflict*, hostilities, clashes, clashed, "
            "ambush*, bomb*, suicide bomber*, explosive*, "
            "defence ministry, defense ministry, pentagon, ministry of defence, "
            "defence secretary, defense secretary, commander*, nuclear weapon*, "
            "weapons of mass destruction, wmd, terror*, terrorist*, hamas, hezbollah, "
            "taliban, al-qaeda, al qaeda, isis, islamic state, jihad*, iraq war, "
            "protest, protests, protested, protesting, protester*, demonstrators, riot*, unrest, uprising, "
            "coup, revolution, genocide, massacre*, war crimes, refugees"),
    ),
    "20000056": ((3, "armed conflict, war, fighting, troops, soldier*, rebel*, insurgen*, "
                      "militia*, airstrike*, air strike*, offensive, shelling, artillery, "
                      "ceasefire, combat, battle*, frontline, front line, invasion, "
                      "military operation*, casualties"),),
    "20000062": ((4, "war, wars, wartime, war-torn, civil war, world war, declared war, warfare"),),
    "20000053": ((4, "terror attack*, terrorist attack*, act of terror, suicide bomb*, "
                      "car bomb*, bomb attack*, bombing*, terrorist*, terrorism, jihadist*"),),
    "20000065": ((4, "protest, protests, protested, protester*, protestors, demonstrators, riot*, rioters, rioting, "
                      "unrest, tear gas, rubber bullets, protest march*, protest rally, uprising, "
                      "civil unrest, civil disobedience"),),
    "20000066": ((3, "demonstration*, demonstrators, protest march*, protest rally, protesters"),),
    "20000073": ((4, "peace process, peace talks, peace deal, peace agreement, peace plan, "
                      "ceasefire, cease-fire, truce, peace envoy"),),
    "20000070": ((4, "coup, coup d'etat, military junta, junta, seized power, overthrow*"),),
    "20000071": ((4, "massacre*, genocide, ethnic cleansing, mass grave*, atrocit*"),),
    "20001361": ((4, "cyber warfare, cyberwarfare, cyber attack*, cyber-attack*, cyberattack*, "
                      "state-sponsored hack*"),),
    "20000078": ((4, "disarmament, arms control, decommission*, weapons inspector*, "
                      "non-proliferation, nuclear programme, nuclear program, enrichment"),),
}
