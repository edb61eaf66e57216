"""Topic vocabulary, part 3: education, environment, health, human interest, labour,
lifestyle, religion, society and weather (05-10, 12, 14, 17).

Format: see ``archiver.tagging.topic_lexicon_arts_crime``. The project's own work.
"""

LEXICON = {
    # --- education ---
    "05000000": (
        (2, "education*, educational, school*, pupil*, student*, teacher*, teaching, classroom*, "
            "headteacher*, head teacher*, curriculum, exam, exams, examination*, "
            "a-levels, a levels, gcse*, sat scores, tuition, tuition fees, top-up fees, "
            "university, universities, college*, campus*, undergraduate*, graduate*, "
            "degree*, lecturer*, school board, school district, "
            "ofsted, literacy, numeracy, kindergarten, nursery school*, preschool*, "
            "education secretary, education minister, department for education, "
            "school funding, class sizes, exam results, league tables"),
    ),
    "20000400": ((3, "school*, pupil*, headteacher*, classroom*, primary school*, secondary school*, "
                     "high school*, elementary school*, school district, state school*, private school*, "
                     "academies, grammar school*"),),
    "20000405": ((4, "university, universities, college students, undergraduate*, tuition fees, "
                     "top-up fees, higher education, campus*, vice-chancellor*, student loan*"),),
    "20000416": ((3, "teacher*, teaching unions, teaching staff, nasuwt"),),
    "20000413": ((3, "exam, exams, examination*, gcse*, a-levels, test scores, standardised test*, "
                     "standardized test*, exam results, grades"),),
    "20001338": ((3, "education policy, education reform*, school funding, education secretary, "
                     "education minister, no child left behind"),),
    # --- environment ---
    "06000000": (
        (1, "green, greens"),
        (2, "environment*, environmental*, ecolog*, conservation*, wildlife, "
            "habitat*, species, biodiversity, pollut*, emissions, carbon, climate, "
            "sustainab*, recycl*, greenpeace, friends of the earth, wwf, epa, "
            "environment agency, deforestation, rainforest*, endangered"),
    ),
    "20000418": ((4, "climate change, global warming, greenhouse gas*, greenhouse effect, carbon, "
                     "dioxide, co2, carbon emissions, emissions targets, kyoto, kyoto protocol, "
                     "paris agreement, ipcc, net zero, carbon neutral, fossil fuels, sea levels, "
                     "sea level rise, melting glaciers, ice sheet*, climate scientists"),),
    "20000424": ((4, "pollution, pollutant*, polluted, polluting, smog, air quality, oil spill*, "
                     "toxic waste, contaminat*, sewage, landfill*, waste, litter, plastic waste"),),
    "20000420": ((3, "conservation*, conservationist*, nature reserve*, national park*, "
                     "protected area*, wildlife trust, rspb, endangered species, extinction, "
                     "poaching, poachers"),),
    "20000443": ((4, "endangered species, endangered, extinct, extinction, critically endangered, "
                     "threatened species, red list"),),
    "20000423": ((3, "environmental policy, environmental regulation*, emissions standards, "
                     "carbon tax, emissions trading, green taxes, environment minister, "
                     "environment secretary, environmental protection agency"),),
    "20000441": ((2, "wildlife, animals, species, birds, whales, dolphins, elephants, tigers, "
                     "bees, habitat*, ecosystem*, coral reef*"),),
    "20000430": ((2, "natural resources, water supplies, forests, rivers, oceans, wetlands, "
                     "deforestation, logging"),),
    # --- health ---
    "07000000": (
        (3, "virus, viruses, flu, influenza, outbreak, outbreaks, disease, diseases, infected, "
            "infection, infections, vaccine, vaccines, epidemic, pandemic, patients, hospital, "
            "hospitalised, hospitalized, health, symptoms, strain, h5n1, swine flu, bird flu"),
        (2, "health*, medical, medicine*, doctor*, physician*, nurse*, nursing, patient*, "
            "hospital*, clinic*, surgery, surgeon*, treatment*, disease*, illness*, "
            "infection*, infected, symptoms, diagnos*, outbreak*, epidemic*, "
            "pandemic*, vaccin*, immunis*, immuniz*, drug*, pharmaceutical*, medication*, "
            "prescription*, cancer*, tumour*, tumor*, diabet*, obesity, obese, heart disease, "
            "dementia, alzheimer*, mental health, depression, nhs, gp, gps, "
            "world health organization, world health organisation, WHO, cdc, "
            "centers for disease control, public health, healthcare, health care, "
            "health service, health officials, health ministry, health authorities, "
            "department of health, health secretary, health minister, clinical trial*, "
            "death rate, mortality, life expectancy, smoking, smokers, alcohol"),
    ),
    "20000446": ((3, "disease*, illness*, condition, syndrome, disorder*, infection*, symptoms, "
                     "chronic, diagnosed, sufferers, cancer*, diabet*, asthma, hiv, AIDS"),),
    "20000448": ((4, "infectious disease*, communicable disease*, contagious, infect*, "
                     "outbreak*, epidemic*, pandemic*, transmission, transmitted, "
                     "quarantin*, influenza, flu, bird flu, avian flu, swine flu, h5n1, h1n1, "
                     "sars, mers, ebola, cholera, measles, malaria, tuberculosis, tb, polio, "
                     "dengue, zika, covid*, coronavirus, meningitis, hepatitis, hiv, AIDS, "
                     "typhoid, plague, anthrax, e coli, salmonella, norovirus, mrsa, superbug*, "
                     "mumps, rubella, whooping cough, rabies, yellow fever, smallpox, monkeypox, mpox"),),
    "20000449": ((4, "outbreak*, epidemic*, pandemic*, spread of the disease, spread of the virus, "
                     "cases confirmed, confirmed cases, new cases, death toll, quarantin*, "
                     "infection rate, human-to-human"),),
    "20000451": ((3, "influenza, flu, bird flu, avian flu, swine flu, h5n1, h1n1, "
                     "sars, ebola, measles, hiv, dengue, zika, covid*, coronavirus, hepatitis"),),
    "20000447": ((4, "cancer*, tumour*, tumor*, leukaemia, leukemia, chemotherapy, oncolog*, "
                     "breast cancer, lung cancer, prostate cancer, carcinogen*"),),
    "20000458": ((4, "mental health, mental illness, anxiety, schizophrenia, "
                     "psychiatric, psychiatrist*, suicide*, eating disorder*, autism"),),
    "20000461": ((3, "hospital*, clinic*, health centre*, wards, a&e, emergency room*, "
                     "intensive care, nursing home*, care home*"),),
    "20000463": ((4, "world health organization, world health organisation, WHO, cdc, "
                     "centers for disease control, nhs trust*, public health england, "
                     "medecins sans frontieres, doctors without borders"),),
    "20000464": ((3, "treatment*, therapy, therapies, surgery, transplant*, "
                     "vaccin*, medication*, drugs, prescription*"),),
    "20000477": ((4, "vaccin*, immunis*, immuniz*, jab, jabs, booster*, inoculat*"),),
    # The drug makers themselves (drugmaker, drug firm) are business words: see the
    # pharmaceutical industry (20000223) in the economy vocabulary.
    "20000468": ((3, "prescription drug*, pharmaceutical*, "
                     "pfizer, glaxosmithkline, gsk, astrazeneca, merck, novartis, roche, "
                     "sanofi, fda, food and drug administration, mhra, painkiller*"),),
    "20000479": ((3, "healthcare policy, health policy, health reform*, nhs reform*, waiting lists, "
                     "waiting times, health spending, health budget, obamacare, affordable care act, "
                     "medicare, medicaid"),),
    "20001358": ((3, "public health, health officials, health authorities, health warning, "
                     "smoking ban, anti-smoking, obesity, binge drinking, screening programme"),),
    "20000485": ((3, "doctor*, nurse*, surgeon*, gp, gps, physician*, paramedic*, midwi*, "
                     "consultants, junior doctors, british medical association, bma"),),
    "20000737": ((3, "medical research, researchers found, clinical trial*, study published, "
                     "lancet, british medical journal, bmj, new england journal of medicine, "
                     "stem cell*"),),
    # --- human interest ---
    "08000000": (
        (1, "bizarre, quirky, heartwarming, oddly, strange, record-breaking, oldest, "
            "centenarian*, birthday, anniversary, wedding, pets, dog, dogs, cat, cats"),
    ),
    "20000505": ((2, "celebrity, celebrities, paparazzi, socialite*"),),
    "20000506": ((3, "royal family, the queen, queen elizabeth, prince charles, prince william, "
                     "prince harry, princess, duchess, duke of, buckingham palace, monarch*, "
                     "royals, royal wedding, king charles"),),
    "20000498": ((1, "award*, prize*, honour*, honor*, shortlist*, "
                     "nobel prize, knighthood, knighted, mbe, obe, cbe"),),
    "20000500": ((2, "animal*, pet, pets, zoo, zoos, dog, dogs, cat, cats, puppy, kitten*, rspca"),),
    # --- labour ---
    "09000000": (
        (2, "labour market, workers, worker, workforce, employees, employment, unemployment, "
            "jobless*, jobs, job losses, job cuts, wage*, salary, salaries, pay rise*, pay deal, "
            "pay dispute, minimum wage, unions, trade union*, tuc, afl-cio, strike, strikes, walkout*, "
            "industrial action, picket*, redundan*, layoff*, laid off, lay off, hiring, "
            "recruit*, pension*, retirement, working hours, overtime, "
            "work and pensions, employer*"),
    ),
    "20000509": ((3, "employment, jobs, job creation, new jobs, hiring, recruit*, employer*, "
                     "employees, workforce, staff"),),
    "20000533": ((4, "unemployment, unemployed, jobless*, out of work, benefit claimants, "
                     "claimant count, job seekers, jobseeker*, dole"),),
    "20000523": ((3, "labour market, labor market, job market, employment figures, payrolls, "
                     "non-farm payrolls, vacancies, skills shortage*"),),
    "20000524": ((3, "labour relations, labor relations, industrial relations, collective bargaining, "
                     "pay talks, pay negotiations, pay deal, pay offer"),),
    "20000529": ((4, "strike, strikes, striking workers, walkout*, industrial action, picket*, "
                     "work-to-rule, stoppage*, lockout, labour dispute, labor dispute"),),
    "20000530": ((4, "strike action, strikes, striking workers, walkout*, went on strike, strike ballot, strike action, picket line*"),),
    "20000536": ((4, "trade union*, labor union*, labour union*, unions, tuc, afl-cio, unison, unite union, "
                     "amicus, gmb, union members, union leader*, union officials, union boss*, shop steward*"),),
    "20000518": ((3, "wage*, salary, salaries, pay rise*, pay freeze, minimum wage, living wage, "
                     "bonuses, benefits package"),),
    # Pensions are money: the economy branch carries them (pension schemes, deficits, the state
    # pension age); these labour topics only name them beside it.
    "20000531": ((2, "retirement, pension*, pensioners, retirement age, state pension"),),
    "20000532": ((2, "pension*, pensioners, pension fund*, state pension, final salary, pension scheme*"),),
    "20000188": ((2, "human resources, hr, staff, hiring, recruitment, redundancies"),),
    # --- lifestyle and leisure ---
    "10000000": (
        (2, "leisure, lifestyle, hobby, hobbies, vacation*, tourist*, "
            "chef*, cooking, cookery, recipe*, food and drink, wine*, beer*, "
            "fitness, gym*, diet*, dieting, fashion, gardening, garden*, home improvement, "
            "diy, pets, shopping"),
    ),
    "20000563": ((3, "tourism, tourist*, holidaymaker*, vacation*, resort, resorts, "
                     "cruise*, hotel*, backpack*, sightseeing"),),
    "20000540": ((2, "board game*, puzzle*, crossword*, chess, poker, "
                     "bingo, lottery, casino*, gambling, betting, bookmaker*"),),
    # Video games as products and an industry are technology news (20000763); this leisure
    # topic only names the pastime beside it.
    "20000548": ((2, "video game*, videogame*, computer game*, console*, games console*, "
                     "playstation, ps2, ps3, xbox, nintendo, gamecube, game boy, wii, nintendo ds, psp, "
                     "gamer*, gameplay, games industry, game developer*, game publisher*, "
                     "electronic arts, ubisoft, activision, halo, grand theft auto, "
                     "mmorpg, online gaming, multiplayer"),),
    "20000549": ((3, "gambling, casino*, betting, bookmaker*, lottery, lotteries, jackpot, "
                     "poker, slot machine*, gaming machines"),),
    "20001239": ((3, "fitness, exercise, workout*, gym*, keep fit, jogging"),),
    "20000565": ((2, "lifestyle, food, cooking, restaurant*, chef*, recipe*, wine, fashion trend*, "
                     "home and garden, interior design"),),
    # --- religion ---
    "12000000": (
        (1, "christmas"),
        (2, "religion*, religious, faith*, church, churches, churches, mosque*, synagogue*, temple*, "
            "priest*, clergy, bishop*, archbishop*, vicar*, pastor*, imam*, "
            "rabbi*, monk, monks, nun, nuns, pope, papal, vatican, god, worship*, prayer*, pray, "
            "believers, congregation*, christian*, christianity, catholic*, protestant*, "
            "anglican*, evangelical*, methodist*, baptist*, orthodox church, muslim*, islam, islamic, islamist*, "
            "jewish, jews, judaism, hindu*, sikh*, buddhis*, buddhist*, bible, koran, "
            "quran, qur'an, torah, sermon*, theolog*, secular*, atheis*, blasphem*, "
            "church of england, easter, ramadan, eid, diwali, hanukkah, passover, "
            "pilgrim*, pilgrimage, hajj, mecca, sharia"),
    ),
    "20000659": ((3, "christian*, christianity, church, churches, catholic*, protestant*, anglican*, "
                     "evangelical*, pope, vatican, bishop*, archbishop*, priest*, bible, "
                     "church of england"),),
    "20000677": ((3, "muslim*, islam, islamic, islamist*, mosque*, imam*, koran, quran, qur'an, ramadan, eid, "
                     "hajj, mecca, sharia, halal"),),
    "20000679": ((3, "jewish, jews, judaism, synagogue*, rabbi*, torah, passover, hanukkah, "
                     "yom kippur, kosher"),),
    "20000704": ((4, "pope, papal, vatican, holy see, pontiff, john paul ii, benedict xvi, pope francis"),),
    # --- society ---
    "14000000": (
        (1, "society, social, community, communities, residents, families, family, citizens, "
            "population, people living, neighbourhood*, neighborhood*"),
        (2, "social issues, social justice, inequality, poverty, homeless*, welfare, charity, "
            "charities, discrimination, racism, racist, equality, diversity, gay rights, "
            "same-sex marriage, gay marriage, civil partnership*, abortion, euthanasia, "
            "assisted suicide, census, demographic*, migrants, refugees"),
    ),
    "20000771": (
        (2, "immigrants, immigrant, migrants, migrant, migration, foreigners, foreign-born, "
            "newcomers, visa, visas, green card*, work permit*, residency, citizenship, "
            "naturalis*, naturaliz*, asylum, asylum seeker*, refugee*, deport*, "
            "detention centre*, detention center*"),
        (1, "border, borders, home office"),
        (4, "immigration, immigrants, immigrant community, immigrant communities, "
            "undocumented immigrants, undocumented, illegal immigrants, illegal immigration, "
            "illegal aliens, immigration status, immigration laws, immigration law, "
            "immigration enforcement, immigration officials, immigration authorities, "
            "ICE, immigration and customs enforcement, immigration customs enforcement, "
            "uscis, border force, sanctuary city, sanctuary cities, "
            "deportation*, deported, deporting, daca, dreamers, mass deportation*, immigration policy, immigration policies, federal immigration, immigration reform, immigration system, immigration rules, immigration controls, border security, enforcement of immigration laws, immigration bill, asylum system, immigration crackdown"),
    ),
    "20000773": ((4, "illegal immigration, illegal immigrants, illegal immigrant, illegal aliens, "
                     "illegal migrants, entered illegally, crossed illegally, unauthorized immigrants, "
                     "unauthorised immigrants, overstayed, overstayers, people smuggling, "
                     "border crossers, border crossings, illegally in the country"),),
    "20000772": ((3, "emigration, emigrat*, brain drain, left the country, expatriate*, expats, diaspora"),),
    "20000645": ((4, "refugee*, asylum seeker*, asylum, displaced people, displaced persons, "
                     "internally displaced, refugee camp*, unhcr"),),
    "20000775": ((3, "discrimination, discriminat*, racism, racist, racial, prejudice, bigotry, "
                     "sexism, sexist, homophob*, islamophob*, antisemit*, anti-semit*, hate speech"),),
    "20000780": ((2, "family, families, parents, parenting, children, marriage, divorce*, "
                     "adoption, childcare, child care"),),
    "20000799": ((3, "poverty, poor families, homeless*, homelessness, rough sleepers, food banks, "
                     "low-income, deprivation, deprived areas"),),
    "20000817": ((3, "welfare, benefits, social security, social services, child benefit, "
                     "tax credits, charity, charities, charitable, donations, fundraising, volunteer*"),),
    "20000770": ((3, "census, population growth, birth rate, demographic*, ageing population, aging population"),),
    "20000768": ((2, "community, communities, residents, neighbourhood*, neighborhood*, local people"),),
    # --- weather ---
    "17000000": (
        (2, "weather, forecast*, forecaster*, met office, national weather service, "
            "temperature*, celsius, fahrenheit, rain, rainfall, showers, snow*, "
            "sleet, hail, hailstones, icy, frost, frosts, frosty, fog, wind, winds, windy, gusts, gusty, gale*, "
            "storm, storms, stormy, thunder, thunderstorm*, lightning, sunshine, sunny, cloudy, heatwave*, heat wave, cold snap, "
            "freezing, blizzard*, downpour*, drizzle, humid*, meteorolog*"),
    ),
    "20001128": ((4, "weather forecast*, forecasters, forecast to, met office, national weather service, "
                     "meteorologist*, outlook for, expected to reach"),),
    "20001129": ((3, "heatwave*, heat wave, cold snap, blizzard*, snowstorm*, thunderstorm*, "
                     "downpour*, heavy rain, heavy snow, freezing temperatures, high winds, "
                     "el nino, la nina, monsoon*"),),
    "20001131": ((4, "weather warning*, severe weather, storm warning*, flood warning*, "
                     "weather alert*, amber warning, red warning, yellow warning, tornado watch, "
                     "tornado warning, winter storm warning"),),
    "20001130": ((3, "hottest, coldest, wettest, driest, record temperature*, rainfall records, "
                     "since records began"),),
}
