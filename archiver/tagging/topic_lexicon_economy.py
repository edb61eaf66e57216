"""Topic vocabulary, part 2: economy, business and finance (04).

Format: see ``archiver.tagging.topic_lexicon_arts_crime``. The project's own work.
"""

LEXICON = {
    "04000000": (
        (
            1,
            "bid, business*, company, companies, firm, firms, corporate, commercial, industry, industries, "
            "sector, consumers, customers, retailer*, sales, sold, buyers, price*, pricing, costs, costly, "
            "revenue*, turnover, margin*, profit*, loss, losses, debt*, cash, billion, bn, million, "
            "per cent, percent, dollar*, euro, euros, pound, sterling, yen, yuan, rupee*, "
            "deal, deals, contract*, supplier*, demand, supply, output, exports, imports, "
            "chief executive*, chairman, ceo, cfo, executives, board, shareholder*, investor*, "
            "investment*, invest, analyst*, forecast*, outlook, growth, grew, "
            "slowdown, boom, brand*, products, goods",
        ),
        (
            2,
            "economy, economic*, economies, financial, finance*, market*, stock, stocks, stockmarket*, share price, shares, "
            "bank, banks, banking, banker*, lender*, loan*, credit, mortgage*, interest rate*, "
            "inflation, gdp, trade deficit, trade surplus, tariff*, budget deficit, fiscal, "
            "monetary, earnings, dividend*, profits, pre-tax, pretax, takeover*, merger*, "
            "acquisition*, bidder, stake, subsidiary, subsidiaries, conglomerate*, "
            "multinational*, bankrupt*, insolven*, administrators, creditors, "
            "restructuring, job cuts, layoffs, redundancies, quarterly, fiscal year, "
            "financial year, year-on-year, year-earlier, annual results, full-year, half-year, "
            "first-quarter, second-quarter, third-quarter, fourth-quarter, wall street, "
            "city of london, stock market*, stock exchange, ftse, dow jones, nasdaq, "
            "nikkei, dax, cac, hang seng, s&p, imf, world bank, wto, opec, oecd, federal reserve, "
            "the fed, bank of england, european central bank, ecb, central bank, treasury, "
            "chancellor's budget, consumer spending, retail sales, house prices, property market, "
            "housing market, airline*, carmaker*, car maker*, automaker*, oil price*, crude, "
            "barrel*, brent, commodit*, gold price, steel, mining, miners, telecoms firm, "
            "pension fund*, hedge fund*, private equity, venture capital, ipo, flotation, "
            "listing, valuation, market share, market value, capitalisation, "
            "capitalization, regulator*, watchdog, competition commission, antitrust, "
            "monopol*, cartel, trading, traders, exporters, importers, manufacturer*, "
            "manufacturing, factory, factories, plant, plants, retail*, supermarket*, "
            "store*, shops, shoppers, high street, wholesale*, tourism, airline industry",
        ),
    ),
    "20000365": (
        (4, "non-farm payrolls, payrolls, jobless rate, unemployment rate, jobless claims, "
            "job creation, jobs growth, employment figures, unemployment figures, "
            "jobs created, created jobs, jobs data, labour market figures"),
    ),
    "20000344": (
        (3, "economy, economic, economies, economists, gdp, inflation, shares, investors, profits"),
        # Companies turn up in every kind of story (a studio, a games maker, a rail firm): they
        # hint at business news without deciding it.
        (2, "company, companies, firm, firms, business, businesses"),
        (
            2,
            "economy, economies, economic growth, gdp, gross domestic product, recession, "
            "slowdown, recovery, inflation, deflation, unemployment rate, jobless rate, "
            "consumer spending, consumer confidence, business confidence, trade deficit, "
            "current account, budget deficit, public spending, public finances, "
            "national debt, government debt, borrowing, economic data, "
            "economic figures, output, productivity, industrial production, exports, imports, "
            "house prices, property prices, interest rate*, central bank, federal reserve, "
            "bank of england, european central bank, imf, world bank, oecd, g7, g8, g20, "
            "emerging market*, developing countries, currency, currencies, exchange rate*, "
            "devaluation, dollar's, weaker dollar, stronger dollar, euro zone, eurozone, "
            "single currency, growth rate, economic outlook, forecast growth",
        ),
        # The words of budget, tax, spending and trade stories (see economic policy below).
        (3, "tax, taxes, taxation, taxpayer*, income tax, corporation tax, vat, stamp duty, "
            "tax cut*, tax rise*, tax break*, tax credit*, tax revenue*, tax rate*, "
            "budget, budgets, borrowing, public spending, deficit, deficits, surplus, "
            "chancellor, treasury, fiscal, golden rule, growth forecast*, economic policy, "
            "fiscal policy, stimulus, spending plans, spending review, pre-budget report, "
            "austerity, finance minister*, finance ministry, finance ministers, economic reform*, "
            "privatis*, privatiz*, nationalis*, deregulat*, state-owned, state aid, subsidy, "
            "subsidies, pensions, pension, pension age, state pension, pension reform, "
            "national insurance, minimum wage, public debt, sovereign debt, bond market, "
            "spending cuts, economic"),
        (4, "interest rate*, rate rise*, rate cut*, base rate, inflation rate, gross domestic product, "
            "economic growth, growth rate, budget deficit, current account deficit, "
            "trade deficit, trade gap, trade surplus, tariff*, import duties, export*, "
            "free trade, trade talks, trade deal*, trade agreement*, trade dispute*, trade war, "
            "customs union, single currency, exchange rate*, currency, currencies, "
            "devaluation, dollar's, euro's, jobs data, jobless, unemployment, "
            "payrolls, consumer prices, retail prices, public finances, national debt, "
            "monetary policy, monetary policy committee, central bank*, quantitative easing"),
        (3, "gross national income, gross national product, gnp, competitiveness, "
            "world economic forum, business leaders, business community, business groups"),
    ),
    "20000346": (
        (
            3,
            "gdp, gross domestic product, economic growth, grew by, growth rate, recession, "
            "inflation, deflation, consumer prices, retail price index, consumer price index, "
            "cpi, rpi, jobless rate, unemployment rate, jobless claims, trade figures, trade deficit, "
            "trade gap, current account deficit, industrial output, industrial production, "
            "manufacturing output, factory output, consumer confidence, business confidence, "
            "house prices, retail sales, economic data, official figures, quarter-on-quarter, "
            "annualised, annualized, seasonally adjusted, purchasing managers",
        ),
    ),
    "20000370": ((4, "inflation, inflationary, consumer prices, cpi, rpi, price rises, cost of living"),),
    "20000383": ((4, "recession, downturn, contraction, economic crisis, depression, slump"),),
    "20000357": ((3, "economic growth, gdp growth, growth rate, grew by, expanded by, growth forecast*"),),
    "20000350": (
        (
            4,
            "central bank*, federal reserve, the fed, fed chairman, alan greenspan, greenspan, "
            "bank of england, european central bank, ecb, bank of japan, monetary policy committee, "
            "rate-setting, rate setters, interest rate decision",
        ),
    ),
    "20000379": (
        (
            3,
            "monetary policy, interest rate*, rate rise*, rate cut*, rate hike*, base rate, "
            "quantitative easing, basis points",
        ),
    ),
    "20000371": (
        (
            4,
            "interest rate*, rate rise*, rate cut*, rate hike*, base rate, basis points, "
            "raised rates, cut rates, borrowing costs",
        ),
    ),
    "20000355": (
        (
            3,
            "currency, currencies, exchange rate*, dollar's, euro's, devalu*, yuan, "
            "pegged, peg, forex, sterling, greenback",
        ),
    ),
    "20000391": (
        (
            4,
            "foreign exchange, forex, currency market*, exchange rate*, against the dollar, "
            "against the euro, against the yen, dollar fell, dollar rose",
        ),
    ),
    "20000373": (
        (
            3,
            "international trade, world trade, trade deal*, trade agreement*, free trade, "
            "trade talks, trade war*, tariff*, quota*, exports, imports, exporter*, importer*, "
            "export*, import, imports, imported, importing, importer*, wto, world trade organisation, world trade organization, "
            "trade barriers, dumping, anti-dumping, protectionis*, trade deficit, trade surplus",
        ),
    ),
    "20000385": (
        # Market and securities regulators: IPTC files regulation under politics, but a
        # watchdog's ruling on a company or its accounts is business news.
        (3, "securities and exchange commission, sec, financial services authority, fsa, "
            "financial regulator*, city watchdog, market regulator*, securities regulator*, "
            "corporate governance, accounting irregularities, accounting scandal*, listing rules"),
        (
            3,
            "stock market*, stock exchange*, markets, shares, share price*, stocks, bourse*, "
            "ftse, ftse 100, dow jones, dow, nasdaq, s&p 500, nikkei, dax, cac 40, hang seng, "
            "index, indices, blue chip*, blue-chip, equities, equity market*, bonds, bond market*, "
            "treasuries, yields, trading, traders, dealers, investors, brokers, brokerage*, "
            "wall street, closed up, closed down, points higher, points lower, rallied, rally, "
            "sell-off, selloff, bear market, bull market, futures, commodit*, crude futures, "
            "gold price, metals, copper, benchmark",
        ),
    ),
    "20000386": (
        (
            3,
            "commodit*, crude oil, oil price*, brent crude, light crude, barrel, barrels, "
            "gold price, copper, aluminium, aluminum, wheat, soybean*, coffee price*, "
            "cocoa, sugar price*, futures contract*, metals exchange",
        ),
    ),
    "20000390": (
        (
            3,
            "bond*, gilts, treasuries, treasury bond*, government bond*, yield*, "
            "debt market*, credit market*, corporate bond*, junk bond*, coupon",
        ),
    ),
    "20000396": (
        (
            3,
            "shares, share price*, stock price*, stocks, stockmarket, shareholder*, equities, "
            "shares rose, shares fell, shares jumped, shares dropped, share buyback*, buyback*, "
            "flotation, ipo, initial public offering, listing, stock exchange listing, "
            "market value, market capitalisation, market capitalization",
        ),
    ),
    "20000183": (
        (
            2,
            "financing, funding round, raised capital, rights issue, share issue, "
            "bond issue, credit line, refinanc*, loan facility",
        ),
    ),
    "20000174": (
        (
            4,
            "bankrupt*, insolven*, chapter 11, went into administration, into administration, administrators, "
            "receivership, liquidation, creditor*, went bust, collapse of the company",
        ),
    ),
    "20000170": (
        (
            2,
            "company, companies, firm, firms, chief executive, ceo, boss, bosses, board, "
            "chairman, shareholders, annual meeting, agm, profit warning, profit*, "
            "turnover, revenue*, sales, strategy, restructuring, "
            "spin off, brand*, marketing, advertising, advert*, adverts, ad sales, "
            "customers, market share, rival*, competitor*",
        ),
    ),
    "20001365": (
        (
            3,
            "annual results, full-year results, half-year results, interim results, "
            "quarterly results, quarterly profit*, quarterly earnings, profits, profit, pre-tax profit*, "
            "pretax profit*, net profit*, operating profit*, net income, net loss, operating loss, "
            "earnings, earnings per share, revenue*, turnover, sales rose, sales fell, sales grew, "
            "like-for-like sales, profit warning, beat forecasts, "
            "analysts had expected",
        ),
    ),
    "20000178": (
        (
            4,
            "quarterly profit*, quarterly earnings, quarterly results, annual profit*, annual results, "
            "full-year profit*, full-year results, half-year profit*, interim results, "
            "pre-tax profit*, pretax profit*, net profit*, net income, operating profit*, "
            "earnings per share, profit warning, profits rose, profits fell, profits jumped, "
            "profits slumped, profits soared, profit rose, profit fell, profit jumped, "
            "first-quarter profit*, second-quarter profit*, third-quarter profit*, "
            "fourth-quarter profit*, beat expectations, beat forecasts, year-earlier, "
            "year earlier, same period last year",
        ),
    ),
    "20001366": (
        (
            3,
            "restructuring, restructure, job cuts, cut jobs, layoffs, spin-off, spin off, "
            "demerger, divest*, disposal*, sell off, break up, takeover*, merger*, acquisition*",
        ),
    ),
    "20000204": (
        (
            4,
            "merger*, takeover*, take-over, acquisition*, acquire, acquired, acquiring, "
            "buyout, buy-out, takeover bid, takeover offer, hostile bid, tie-up, merge, merged, "
            "merging, bid for, offer for, agreed to buy, agreed to sell, deal to buy, "
            "deal valued at, bought, purchase of, sold its, stake in, controlling stake, "
            "majority stake, competition commission, antitrust",
        ),
    ),
    "20000199": (
        (
            3,
            "corporate governance, board of directors, non-executive, boardroom, "
            "executive pay, bonuses, chief executive*, ceo, chairman, stepped down, resigned as, "
            "appointed chief, annual general meeting, agm, shareholder revolt",
        ),
        # Business crime. IPTC files it under crime (corporate crime, 20000087, below), but when
        # the wrongdoing lies in a company's books, its share price or its boardroom, news desks
        # file the story under business: these words give the economy branch more than they
        # give the crime branch, so that a trial's legal words do not outweigh what it is about.
        (4, "insider trading, insider dealing, securities fraud, accounting fraud, false accounting, "
            "accounting scandal*, accounting irregularities, corporate fraud, corporate scandal*, "
            "corporate wrongdoing, corporate crime, white collar crime, white-collar crime, "
            "price fixing, price-fixing, fixing prices, fixed prices, bid rigging, bid-rigging, "
            "rigged bids, market manipulation, stock manipulation, manipulate stock*, "
            "manipulate share*, manipulating share*, manipulating stock*, misled investors, "
            "misleading investors, defraud investors, defrauded investors, defrauding investors, "
            "defrauded shareholders, defrauding shareholders, cooking the books, cooked the books, "
            "inflated profits, inflating profits, overstated profits, overstated earnings, "
            "overstating profits, overstating earnings, hid losses, hidden losses, "
            "shareholder lawsuit*, investor lawsuit*, chief financial officer, finance director, "
            "former chief executive, former boss, former ceo, former chairman"),
        (2, "executives, accounting, accountants, auditor*, audit"),
    ),
    "20000192": (
        (
            3,
            "marketing, advertising, advertisers, advert*, brand*, branding, "
            "sponsorship, campaign launch, rebrand*",
        ),
    ),
    "20000188": ((2, "staff, workforce, employees, recruitment, hiring, headcount, redundanc*"),),
    "20000209": (
        (1, "products, services, goods, consumers, customers, manufacturer*, supplier*"),
        # Trade and consumer regulators.
        (3, "federal trade commission, trading standards, "
            "consumer protection, consumer complaints, consumer groups"),
    ),
    "20000256": (
        (
            3,
            "energy, oil, gas, crude, petrol, gasoline, diesel, fuel*, oil company, oil companies, "
            "oil firm*, oil major*, refiner*, refinery, refineries, pipeline*, opec, barrel*, "
            "electricity, power station*, power plant*, utility, utilities, nuclear power, "
            "renewable*, wind farm*, solar power, coal, mining, miner*, bp, shell, exxon, "
            "exxonmobil, chevron, gazprom, yukos, rosneft",
        ),
    ),
    "20001243": (
        (
            4,
            "oil and gas, oil price*, crude, opec, oil production, oil output, barrel*, "
            "oil field*, oilfield*, oil company, oil firm, oil giant, refinery, natural gas, "
            "lng, pipeline*, drilling, brent, yukos, gazprom",
        ),
    ),
    "20000337": (
        (
            3,
            "airline*, airport*, flights, aviation, carrier*, passenger*, railway*, rail, "
            "train operator*, rail network, shipping, freight, haulier*, trucking, logistics, ports, "
            "boeing, airbus, british airways, ryanair, easyjet, lufthansa, air france, "
            "delta air, united airlines, american airlines, cargo",
        ),
    ),
    "20000296": (
        (
            4,
            "carmaker*, car maker*, automaker*, car industry, motor industry, car sales, "
            "vehicles, car plant, general motors, gm, ford, toyota, volkswagen, vw, "
            "honda, nissan, renault, peugeot, fiat, bmw, daimler, daimlerchrysler, "
            "chrysler, mg rover, rover, vauxhall, jaguar, hyundai",
        ),
    ),
    "20000252": (
        (
            4,
            "retail*, retailer*, supermarket*, high street, shoppers, "
            "department store*, like-for-like, christmas trading, tesco, "
            "sainsbury's, asda, wal-mart, walmart, marks & spencer, marks and spencer, "
            "m&s, woolworths, next plc, boots, dixons, argos",
        ),
    ),
    "20000235": (
        (
            3,
            "construction, housebuilder*, house builder*, property developer*, "
            "commercial property, real estate, property market, housing market, "
            "house prices, homebuyers, mortgage lending, estate agent*",
        ),
    ),
    "20001370": (
        (
            3,
            "financial services, bank, banks, banking, banker*, lender*, insurer*, "
            "insurance, asset management, fund manager*, investment bank*, pension*",
        ),
    ),
    "20000274": (
        (
            4,
            "bank, banks, banking, lender*, bank's, retail bank*, investment bank*, "
            "high street bank*, barclays, hsbc, lloyds tsb, royal bank of scotland, "
            "rbs, natwest, abbey, halifax, hbos, citigroup, jp morgan, jpmorgan, "
            "goldman sachs, morgan stanley, merrill lynch, deutsche bank, ubs, "
            "credit suisse, bnp paribas",
        ),
    ),
    "20000287": (
        (
            3,
            "savers, savings, isa, isas, pensions, personal finance, investors, mortgage*, "
            "credit card*, consumer debt, personal debt, borrowers, interest on savings",
        ),
    ),
    "20000304": (
        (
            3,
            "media group*, media company, media giant, entertainment group, "
            "music industry, record industry, film industry, box office takings, "
            "advertising revenue*, ad revenue*, broadcaster's, publishing group",
        ),
    ),
    "20000307": (
        (
            4,
            "box office, film industry, film studio*, hollywood studio*, box office takings, "
            "ticket sales, grossed, opening weekend",
        ),
    ),
    "20000308": (
        (
            4,
            "music industry, record industry, record label*, record sales, album sales, "
            "music sales, bpi, riaa, ifpi, emi, universal music, sony bmg, warner music",
        ),
    ),
    "20000331": (
        (
            3,
            "tourism, tourist*, holidaymakers, travel industry, tour operator*, hotels, "
            "hotel group*, visitor numbers, package holiday*",
        ),
    ),
    "20000210": (
        (
            3,
            "agricultur*, farm*, farmer*, crop*, harvest*, livestock, cattle, dairy, "
            "grain, wheat, maize, corn, rice, soybean*, fertiliser*, fertilizer*, "
            "agribusiness, food prices",
        ),
    ),
    "20000294": (
        (
            3,
            "manufactur*, factory, factories, industrial, engineering firm*, "
            "production line*, plants, steelmaker*, steel, aerospace, defence firm*",
        ),
    ),
    "20000316": (
        (
            4,
            "mining, miner*, mines, gold mine*, gold mining, copper, iron ore, coal, diamond*, "
            "aluminium, steel, bhp, rio tinto, anglo american",
        ),
    ),
    "20000243": (
        (
            3,
            "consumer goods, consumer electronics, household goods, appliances, "
            "clothing, apparel, footwear, toys, cosmetics, beverages, brewer*, "
            "tobacco, food group, drinks firm*",
        ),
    ),
    "20001244": (
        (
            3,
            "utility, utilities, energy supplier*, water company, gas bills, "
            "electricity bills, power cuts, national grid",
        ),
    ),
    # IPTC files economic policy (20000345) under politics; the macroeconomic words of a
    # budget, tax or spending story speak for the economy branch (20000344) instead, and only
    # a light touch goes to economic policy so that it can still be named beside it.
    "20000345": (
        (1, "economic policy, fiscal policy, stimulus, spending plans, austerity, tax cuts, "
            "tax rises, budget, pre-budget report, spending review, economic reform*, "
            "privatis*, privatiz*, nationalis*, deregulat*"),
    ),
    "20000372": (
        (
            4,
            "imf, international monetary fund, world bank, wto, world trade organisation, "
            "world trade organization, oecd, paris club, debt relief",
        ),
    ),
    "20001158": (
        (
            3,
            "start-up, start-ups, startup, startups, startup*, entrepreneur*, venture capital, venture capitalist*, "
            "seed funding, funding round, founders, incubator*",
        ),
    ),
    "20001172": ((3, "small business*, small firms, smes, small and medium-sized, family business*"),),
    # Business crime, named as such (the economy branch gets more: see 20000199).
    "20000087": (
        (2, "insider trading, insider dealing, accounting fraud, corporate fraud, corporate crime, "
            "white collar crime, white-collar crime, price fixing, price-fixing, bid rigging, "
            "bid-rigging, rigged bids, market manipulation, stock manipulation"),
    ),
    # Sector words: a story about what a drug maker, insurer or electronics maker earns,
    # sells or loses is business news, however much medicine, storms or gadgets it mentions.
    "20000223": (
        (4, "drugmaker*, drug maker*, drugs maker*, drug firm*, drugs firm*, drug company, "
            "drug companies, drugs company, drugs companies, drug giant*, drugs giant*, "
            "pharmaceutical firm*, pharmaceutical company, pharmaceutical companies, "
            "pharmaceutical group*, pharmaceutical giant*, pharmaceuticals firm*, "
            "pharmaceuticals group*, pharmaceuticals company, pharmaceutical industry, "
            "drugs industry, drug industry, biotech firm*, biotech company, biotech companies, "
            "biotechnology firm*, biotechnology company, biotechnology companies"),
    ),
    "20000279": (
        (4, "insurer*, reinsurer*, reinsurance, insurance industry, insurance firm*, "
            "insurance company, insurance companies, insurance group*, insurance giant*, "
            "insurance broker*, insurance claims, insured losses, underwriter*, underwriting, "
            "premiums, policyholders"),
    ),
    "20001258": (
        (4, "electronics firm*, electronics maker*, electronics giant*, electronics group*, "
            "electronics company, electronics companies, electronics manufacturer*, "
            "electronics industry, electronics sales"),
    ),
}
