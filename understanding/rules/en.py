"""English crisis rules (read by understanding/alarms.py; the format is in understanding/rules/__init__.py)."""

BY_SOUND = False

MACROS = {
    "self": r"(?:myself|my self|himself|herself|themselves|themself|yourself)",
    "someone": r"(?:i|im|me|he|she|they|him|her|them|we|my \w+|his \w+|her \w+|mom|dad|mum|husband|wife|son|daughter"
    r"|brother|sister|father|mother|grandma|grandpa|baby|kid|child|partner|friend|patient)",
    "poss": r"(?:my|his|her|their|our|your|the)",
    "gap": r"(?:\w+ ){0,3}",
    # what a cancer stops "responding" to: the cancer, not the person, is not responding
    # (each form spelt out: the typo fixer takes the rules' words as they are written here)
    "treatment": r"(?:chemo\w*|treatment|treatments|drugs?|medicine|medicines|meds|hormone|hormones|therapy"
    r"|immunotherapy|radiation)",
    "means": r"(?:pills?|tablets?|meds|medications?|medicines?|capsules?|caps|patch(?:es)?|doses?|painkillers?|pain killers?"
    r"|acetaminophen|tylenol|paracetamol|ibuprofen|advil|motrin|aleve|naproxen|aspirin|excedrin|oxycodone|oxy|oxys"
    r"|oxycontin|oxynorm|oxyir|roxicodone|norco|percocet|vicodin|hydrocodone|morphine|oramorph|ms contin|nucynta|tapentadol|fentanyl|dilaudid|hydromorphone|methadone|tramadol|codeine"
    r"|opioids?|opiates?|narcotics?|xanax|valium|ativan|lorazepam|benzos?|ambien|sleeping pills|sleep pills|insulin"
    r"|antidepressants?|heroin|gabapentin|clonazepam|klonopin|seroquel|trazodone|pillemoji)",
    "excess": r"(?:too many|too much|all|all of|every|whole|entire|handful|a handful of|bunch|a bunch of|bottle"
    r"|lots of|a lot of|extra|double|triple|[1-9]\d+|[5-9]|\d{3,} ?(?:mg|mcg|milligrams?))",
    "took": r"(?:took|taken|swallowed|ate|eaten|downed|popped|drank|drunk|injected|used|overdid)",
    # A count of pills or doses beyond one more ("another four", "3 more"): a dose of a few mg is not a count.
    "count": r"(?:[3-9]|[1-9]\d+|three|four|five|six|seven|eight|nine|ten|twelve|twenty|a handful of|a bunch of|a few)",
    "intent": r"(?:going to|want to|wanna|plan to|planning to|planning on|thinking about|thinking of|think about"
    r"|about to|ready to|gonna|will|might|decided to|tonight i will)",
    "poison": r"(?:bleach|antifreeze|anti freeze|poison|rat poison|drain cleaner|detergent|laundry pods?|chemicals?"
    r"|cleaning (?:stuff|products?|fluid)|lye|gasoline|windshield fluid|pesticide|weed killer|lighter fluid)",
}
# where to die, said as a wish for the end ("when the time comes i want to die at home"), is a care
# plan - unless it is tonight, today or now (session 35)
_NOT_WHERE = (
    r"(?! (?:at home|at (?:my|his|her|our) (?:own )?(?:home|house)|in (?:my|his|her|our) (?:own )?(?:bed|home|house))"
    r"(?!.*\b(?:tonight|today|now)\b))"
)

RULES = [
    # self-harm, said straight out (first or third person)
    (("self_harm",), r"kill {self}|killing {self}|kms|kill me now|(?:just|please|someone|somebody) kill me"),
    (
        ("self_harm",),
        r"suicid\w*|sucid\w*|suicd\w*|self harm\w*|selfharm\w*|(?:hurt|hurting|harm|harming|cut|cutting) {self}",
    ),
    (
        ("self_harm",),
        r"(?:end|ending|take|taking) {poss} (?:own )?life|end it all|(?:end|ending) it (?:all|now|tonight|today)",
    ),
    (("self_harm",), r"(?:want|wants|wanted|thinking about|thinking of|think about) (?:to )?(?:end|ending) it$"),
    (
        ("self_harm",),
        r"~(?:want|wants|wanted|wanna|wish|wishes|plan|planning|trying) to (?:die|be dead)" + _NOT_WHERE,
    ),
    # "ready to die" beside a choice to stop treatment ("she says shes ready to die and wants to stop
    # treatment and go home") is that choice, not 988 (session 36); alone it still answers
    (("self_harm",), r"~?ready to (?:die|be dead)" + _NOT_WHERE),
    (("self_harm",), r"~ready to (?:die|be dead)(?=.*\b(?:tonight|today|now)\b)"),
    (
        ("self_harm",),
        r"~(?:let me|i should|i just want to|i wanna) die|better off dead|rather be dead|wish (?:i|he|she) (?:was|were) dead",
    ),
    (
        ("self_harm",),
        r"(?:dont|doesnt|do not|does not) (?:really )?(?:want|wanna) to (?:live|be alive|be here|go on|exist|wake up|keep living"
        r"|be (?:on|in) this (?:earth|world)|be around)",
    ),
    (
        ("self_harm",),
        r"no (?:reason|point) (?:to |in )?(?:live|living|go on|going on|keep going|be here|being here|being alive)",
    ),
    (
        ("self_harm",),
        r"no reason to keep going|nothing (?:left )?to live for|(?:whats|what is) the point (?:of|in) (?:living|life|going on|anything)",
    ),
    (
        ("self_harm",),
        r"better (?:off )?without me|nobody (?:would|will) (?:miss|care)|no one (?:would|will) (?:miss|care)",
    ),
    (
        ("self_harm",),
        r"(?:im|i am|i feel like|being|feel like) (?:just |only |nothing but |such |so much of |a real |a big )?a burden"
        r"|burden (?:to|on|for) (?:everyone|everybody|my family|my kids|my children|my husband|my wife|them|you)",
    ),
    (
        ("self_harm",),
        r"?(?:cant|couldnt) (?:do this|take (?:it|this)|go on|keep going|handle (?:it|this)|stand (?:it|this))(?: anymore| any more| any longer| no more|$)",
    ),
    (("self_harm",), r"cant live like this"),
    (
        ("self_harm",),
        # said of oneself: "if I just fell asleep and never woke up"; not a death told or asked about
        # ("my aunt went to sleep and never woke up", "will she just go to sleep and not wake up")
        r"\bi (?:\w+ ){0,6}(?:wouldnt|would not|dont|didnt|did not|never|not) (?:wake|woke) up(?: again)?(?! from)"
        r"|(?:wants?|wanted|wanna|like|wish(?:es)?|hopes?|hoping|rather) to (?:just )?(?:go to sleep|fall asleep|sleep) and (?:not|never) wake"
        r"|(?:take|takes|need|needs|enough) to (?:not|never) wake up",
    ),
    (
        ("self_harm",),
        r"give up on (?:life|living|everything)|done (?:with )?(?:life|living)|tired of (?:living|life|being alive)|sick of living",
    ),
    (
        ("self_harm",),
        r"want (?:it|this|everything|all this|all of this|it all|my life) (?:all )?to (?:end|be over)|(?:just|i) want it (?:all )?over",
    ),
    # the wish that life ends, said without the word: hoped, wished or prayed for (quiet beside
    # caregiving or a treatment choice: "I hope this chemo is over soon" is not a crisis)
    (
        ("self_harm",),
        r"?(?:hope|hoping|wish|wishing|pray|praying) (?:\w+ ){0,3}(?:it|this|it all|this all|all this|all of this|everything|my life|this life) (?:all )?(?:is|its|will be|would be|were|was|could be|be) (?:all )?over(?! with)(?! (?:\w+ )?for (?:her|him|them|his|my|mom|dad))",
    ),
    (
        ("self_harm",),
        r"(?:wish|wishing|hope|hoping|pray|praying) (?:\w+ ){0,2}(?:for )?the end of (?:this|my) life|(?:wish|want|wanted|hope) (?:\w+ ){0,2}(?:this|my) life (?:of mine )?(?:would |will |to |could )?(?:just )?(?:end|be over)",
    ),
    (
        ("self_harm",),
        r"(?:wish|wishing) (?:\w+ ){0,1}i (?:had )?(?:gone|died) (?:with|instead of|before) (?:him|her|them|my \w+)|(?:lost|losing|no) (?:the |my |all )?will to live",
    ),
    (
        ("self_harm",),
        r"(?:life|living) (?:is|feels|seems) (?:so |just |totally )?(?:pointless|meaningless)|dont see (?:the|any) point (?:of|in) (?:living|going on|life|being here)",
    ),
    (
        ("self_harm",),
        r"(?:jump|jumping) (?:off|from|in front)|hang {self}|(?:shoot|shooting) {self}|(?:gun|handgun|pistol|noose|firearm|shotgun|rifle)",
    ),
    (
        ("self_harm",),
        r"(?:happier|better off|better) if (?:i|im) (?:just )?(?:was |were |am )?(?:gone|dead|not here|wasnt here|werent here|not around|wasnt around)"
        r"|never (?:been )?born",
    ),
    (
        ("self_harm",),
        r"?im done$|(?:i )?cant (?:anymore|any more)$",
    ),
    (("self_harm",), r"(?:life|living) (?:is|isnt|is not|aint) (?:not )?worth (?:living|it)"),
    # passive wishes, said around the word (recall first: 988 is a caring reply)
    (
        ("self_harm",),
        r"(?:wish|hope|pray|praying|hoping) (?:that )?(?:god|the lord|jesus) (?:would |will )?(?:just )?(?:take|takes) me|(?:wish|hope|pray|praying|hoping) (?:that )?i (?:dont|wont|never|would not|wouldnt) wake",
    ),
    (
        ("self_harm",),
        # (not a wish to get away for a while: "disappear for a weekend")
        r"(?:want|wish|wanna) (?:to |i could )?(?:just )?(?:disappear|vanish|not exist|sleep forever|go to sleep forever)(?! for (?:a|the|one|two|an) )"
        r"|(?:no|cant see a|only) way out|(?:whats|what is) the point (?:anymore|any more)$",
    ),
    (
        ("self_harm",),
        r"(?:i have|ive got|i made|made|making) a plan to (?:end|die|kill|not be)|(?:giving|gave) away (?:all )?my (?:things|stuff|belongings)|wrote (?:\w+ ){0,2}goodbye",
    ),
    (
        ("self_harm",),
        r"wish i (?:could|would) (?:just )?die|(?:hope|wish) i die in my sleep|rather (?:just )?die than"
        # ...but not "than go back to that hospital", "than do chemo again": a treatment choice (session 35)
        r"(?! (?:\w+ ){0,4}(?:hospital|hospitals|chemo|treatment|radiation|nursing home|surgery|rehab|icu|clinic|feeding tube|ventilator|dialysis)\b)",
    ),
    (
        ("self_harm",),
        r"(?:want|wanna|ready|long|longing) to (?:go )?(?:be with|join) (?:my (?:late )?\w+|him|her|them|god|jesus|the lord) (?:again|in heaven|now|already)|go home to (?:god|jesus|the lord)",
    ),
    (
        ("self_harm",),
        r"(?:thinking|think|thoughts) (?:about|of) (?:ending it|ending my|dying all the time|not being here|death all the time)|(?:dark|suicidal) thoughts|nobody needs me|(?:wouldnt|would not) mind if i (?:died|didnt wake)",
    ),
    (
        ("overdose",),
        r"{took} (?:\w+ ){0,3}(?:more than (?:\w+ ){0,2}(?:prescribed|supposed to|should|allowed)|twice|two times)|(?:chewed|chewing|ate) (?:\w+ ){0,2}(?:patch|patches)",
    ),
    (("self_harm",), r"(?:suicide|goodbye) (?:note|letter)|saying goodbye to (?:everyone|my family|you all)"),
    # overdose and poisoning: means with excess, taken or intended
    # (not food poisoning: a stomach bug, not a poison taken - session 36, general health questions)
    (("overdose",), r"overdos\w*|od(?:ed|d)? on|(?<!food )poisoned|(?<!food )poisoning"),
    (("overdose",), r"{took} {gap}{excess} {gap}{means}|{took} {gap}{means} {gap}(?:too many|too much|at once)"),
    (("overdose", "self_harm"), r"{took} {gap}(?:all|every|whole|entire|bottle) {gap}{means}"),
    (
        ("overdose", "self_harm"),
        r"{intent} (?:\w+ ){0,2}(?:take|taking|swallow|swallowing|overdose on|down) {gap}{excess} {gap}{means}",
    ),
    (
        ("overdose", "self_harm"),
        # (not "hiding": someone with dementia hides pills, a carer hides them to keep them safe)
        r"(?:saving|saving up|stockpiling|hoarding|collecting|putting aside|setting aside|stashing)"
        r" (?:\w+ ){0,4}{means}|{means} to (?:die|end it)|pillemoji",
    ),
    (("overdose",), r"(?:drank|drink|drinking|swallowed|ate|eaten|ingested|got into) {gap}{poison}"),
    (("overdose",), r"(?:got into|ate|swallowed|chewed) {gap}{means}(?! (?:wrong|the wrong way|down the wrong))"),
    # too much of a medicine given or taken, said plainly
    (
        ("overdose",),
        r"(?:gave|given|give|giving) (?:him|her|them|my \w+ )?(?:\w+ ){0,3}(?:too much|too many|a double dose|double (?:the )?dose|twice the dose|two doses|an extra dose|extra doses?) (?:\w+ ){0,3}(?:of )?{means}?",
    ),
    (("overdose",), r"{took} (?:\w+ ){0,3}(?:double (?:the )?dose|twice the dose|two doses|extra doses?|too much)"),
    # doses counted up through the day: "took another four", "3 more oxycodone", "80mg of it and more"
    (
        ("overdose",),
        r"{took} (?:\w+ ){0,2}(?:another|more) {count} {gap}{means}|{took} (?:\w+ ){0,2}{count} (?:more|extra|additional) {gap}{means}",
    ),
    (
        ("overdose",),
        r"{took} {gap}\d+ ?(?:mg|mcg|milligrams?) (?:of )?{means} (?:\w+ ){0,3}(?:and|plus|then)(?: then)? (?:some |even |a lot |way )?more|(?:doubled|doubling|tripled) up on (?:\w+ ){0,2}{means}",
    ),
    # found by a blind probe (session 34): a life taken, named; a way named; goodbyes, things given
    # away, the end hurried ("?": beside treatment or hospice these are the illness's own story)
    (("self_harm",), r"(?:take|takes|taking|took|end|ends|ending) (?:my|his|her|their|your) own life"),
    (
        ("self_harm",),
        r"(?:walk|walking|walked|drive|driving|drove) (?:\w+ ){0,2}into (?:the )?(?:lake|river|sea|ocean|traffic)"
        r"|drown (?:myself|himself|herself)|(?:waiting|wait) (?:around )?for (?:the )?(?:cancer|it|death) to (?:finish|take|kill) (?:me|him|her|the job)",
    ),
    (
        ("self_harm",),
        r"?(?:calling|called|texting|texted|visiting) (?:\w+ ){0,3}to say goodbye"
        r"|(?:say|saying|said|says) (?:his |her |their |my )?goodbyes? to (?:everyone|everybody|all of us|the family|my family|his family|her family|you all|us all)"
        r"|(?:giving|gave|given|gives) (?:away )?(?:all )?(?:of )?(?:my|his|her) (?:\w+ )?(?:things|stuff|belongings|jewelry|jewellery|possessions)",
    ),
    (
        ("self_harm",),
        # (not "will it be peaceful": how a death will be is this line's daily question)
        r"?(?:hurry|speed) (?:this|it|things|the end) (?:up|along)|not worth dragging (?:this|it) out"
        r"|(?:my |the )?notes (?:are|have been) (?:all )?written",
    ),
    (
        ("overdose", "self_harm"),
        r"(?:put|putting|use|using|wear|stick) on (?:like |about )?(?:\d+|several|a few|many|all) (?:\w+ ){0,3}(?:at once|at the same time)",
    ),
    # a third blind probe (session 34): a way known, a place to fall or a car to crash, ways looked
    # up, poison kept "just in case", cutting; more patches or pills than the one prescribed
    (
        ("self_harm",),
        r"i (?:already |exactly )?know (?:exactly )?how (?:and when )?(?:id|i would|ill|i will|i could) do it|(?:no|dont see the|see no) point in waking up"
        r"|(?:balcony|ledge|rooftop|roof|bridge) (?:\w+ ){0,6}(?:would be faster|be quicker|to jump|and jump)"
        r"|(?:looking up|looked up|researching|googling|googled|searching|searched) (?:\w+ ){0,2}ways (?:to die|to do it|to end it|online$)"
        r"|(?:relieved|easier|lighter) if (?:i|im) (?:just )?(?:was |were )?(?:already )?(?:gone|dead|not here)"
        r"|i (?:cut|cutting) (?:myself )?(?:again|deeper)|cutting myself|cut myself (?:again|deeper|tonight)|cut my wrists?",
    ),
    # ("?": "the kids will be fine without me while I'm at chemo", "what if I crash the car from chemo brain")
    (
        ("self_harm",),
        r"?(?:be|do|manage) (?:just )?(?:fine|ok|okay|alright|better) without me|(?:if i|to) (?:just )?(?:crashed|wrecked) (?:the|my) (?:car|truck)",
    ),
    (("overdose",), r"(?:[2-9]|two|three|four|five|six) (?:\w+ ){0,2}patches instead of (?:1|one)"),
    # a fourth blind probe (session 35): a dose measured wrong ("10 ml instead of 1 ml"), a patch
    # left on under a new one and now too sleepy; a car left running in a closed garage
    (
        ("overdose",),
        r"&\d+ ?(?:ml|mls|mg|cc|mgs) (?:\w+ ){0,4}instead of (?:\d+|one|a half)"
        r"|(?:old|first|other) (?:\w+ ){0,1}(?:patch|one) (?:\w+ ){0,12}(?:barely keep|cant keep|can hardly keep) (?:\w+ ){0,1}eyes open",
    ),
    (
        ("self_harm",),
        r"&(?:in|inside) the garage (?:\w+ ){0,6}(?:car|engine|truck) (?:\w+ ){0,2}running"
        r"|(?:car|engine|truck) (?:\w+ ){0,2}running (?:\w+ ){0,6}(?:in|inside) the garage",
    ),
    # a fifth (session 35): a day named to be gone by, a rope "just in case", ending it "before it
    # takes everything", the day chosen, hurting oneself by burning or hitting one's head
    (
        ("self_harm",),
        r"(?:wont|will not|won t) be (?:here|around|alive) (?:by |on |after |for )?"
        r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|the weekend|next week|christmas)"
        r"|(?:rope|gun|shotgun|rifle|noose) (?:\w+ ){0,6}just in case"
        r"|(?:handle|end|finish|take care of) (?:it|this|things|everything) (?:\w+ ){0,1}(?:myself|my way|on my (?:own )?terms) before"
        r"|(?:picked|chosen|chose|pick|set) (?:out )?(?:the|a) (?:day|date) (?:to|when i|i will|ill)"
        r"|not sticking around for"
        # a sixth (session 35): a lethal dose "asking for myself", a goodnight that was goodbye, pills
        # lined up, God asked to understand, looking over the edge, a date picked after "no point",
        # "take care of her for me" with a sorry
        r"|(?:no idea|dont know|doesnt know) (?:it|that) was (?:goodbye|a goodbye|the last time)"
        r"|{means} (?:are )?(?:all )?lined up(?! in (?:the|my|a|his|her) (?:weekly |pill |daily )?(?:organizer|box|case|tray))|(?:god|the lord|jesus) (?:will )?(?:understand|forgive me) if i"
        r"|looking (?:over|down) (?:the )?edge"
        # a seventh (session 35): "i already know how", driving off a bridge, a rope ready, no need
        # of this after tonight, "see you on the other side"
        r"|(?:already|i) know (?:exactly )?how$|drive (?:\w+ ){0,1}(?:off|into) (?:the|a) (?:bridge|cliff|river|lake|tree|wall)"
        r"|rope (?:is |s )?(?:already |all )?(?:in|ready|up|tied|hanging)"
        r"|(?:wont|will not|dont|wont be needing|will not be needing) need (?:this|it|my phone|anything|the line) (?:after|past) (?:tonight|today|tomorrow)"
        r"|see (?:you|yall|you all|everyone) (?:all )?on the other side"
        r"|(?:burn|burned|burning|burnt) myself (?:\w+ ){0,3}(?:again|on purpose|with (?:a|my|the) (?:lighter|cigarette|cigarettes)|to feel)"
        r"|(?:hitting|banging|bashing|hit|banged) my head (?:against|on|into) the wall",
    ),
    (
        ("self_harm",),
        r"&no point (?:fighting|going on|trying|in fighting) (?:\w+ ){0,6}(?:picked|chose|set) (?:a|the) (?:date|day)"
        r"|take care of (?:her|him|them|mom|dad|the kids|my kids) for me (?:\w+ ){0,3}(?:sorry|goodbye|love you)"
        r"|(?:lethal|deadly|fatal) (?:amount|dose) (?:\w+ ){0,10}(?:asking for myself|for myself)",
    ),
    # ...a bridge with no point going home, "stop being everyones problem", the pills already had to
    # make it quick, going with a dying husband
    (
        ("self_harm",),
        r"&(?:dont|do not|cant|dont really|no longer) see (?:the|any) point (?:of|in) (?:going|driving|coming|getting) (?:back )?home"
        r"|stop being (?:everyones|everybodys|a|their|the family s) (?:problem|burden)"
        r"|(?:i have|ive got|i got|i already have) the (?:{means}|gun|rope) (?:all )?(?:already|ready|right here)"
        r"|when (?:he|she|my \w+) (?:goes|dies|passes|is gone) (?:\w+ ){0,3}(?:im|i am|ill|i will) (?:go|going) (?:with|too)",
    ),
    # medical emergencies (first or third person)
    (
        ("emergency",),
        r"(?:cant|unable to|struggling to|hard to|trouble|difficulty|fighting to) (?:catch (?:\w+ )?)?breath(?:e|ing)?",
    ),
    (
        ("emergency",),
        r"(?:not|isnt|stopped|stop|quit|no) breath(?:e|ing)|gasping|(?<!of )choking|choked|suffocating|cant get (?:air|enough air)",
    ),
    # emergencies told by what the writer sees
    (
        ("emergency",),
        r"foaming at the mouth|eyes (?:rolled|rolling) back|(?:fell|fallen) and (?:cant|wont|cannot) get up|(?:turned|turning|gone|is|looks) (?:grey|gray|ashen)|cold and clammy|(?:wont|cant) stop shaking",
    ),
    (
        ("emergency",),
        r"(?:turning|turned|going|is|are|look|looks|gone) blue|blue lips|lips (?:\w+ ){0,3}(?:blue|purple)"
        r"|arms and legs (?:were |are |started |kept )?jerking|(?:he|she|his body|her body) went stiff",
    ),
    (
        ("emergency",),
        r"chest (?:pain|pains|hurts|hurting|pressure|is tight|tightness|feels tight|is crushing)|pain in {poss} chest|crushing (?:pain|chest)|heart attack"
        r"|(?:pressure|tightness|squeezing|crushing) in {poss} chest",
    ),
    (
        ("emergency",),
        r"passed out|pass(?:es|ing)? out|fainted|fainting|collaps\w*|unconscious|unresponsive|blacked out|keeled over",
    ),
    (
        ("emergency",),
        # the cancer itself "stopped responding" (to what, unsaid) is resistance, not a person
        r"(?<!cancer )(?<!cancers )(?<!tumor )(?<!tumors )(?<!tumour )(?<!tumours )(?<!cancer has )(?<!tumors have )"
        r"(?:not|isnt|wont|doesnt|didnt|stopped) respond\w*(?! (?:well )?to (?:the |his |her |my |any )?{treatment})"
        # "go to sleep and not wake up" is how a death is asked about, not a person now
        r"|(?:wont|cant|couldnt|doesnt|will not|(?<!and )not) wak(?:e|ing) (?:up|him|her)|cant wake|no pulse",
    ),
    (
        ("emergency",),
        r"seiz(?:ure|ures|ing|ed)|convuls\w*|having a fit|(?:shaking|jerking) (?:and|uncontrollably|all over)",
    ),
    (
        ("emergency",),
        r"stroke|face (?:is )?droop\w*|slurr\w*|cant (?:talk|speak) (?:right|properly|clearly)"
        # the mouth or the smile fallen on one side (session 35; not an eyelid after surgery)
        r"|(?:mouth|lip|lips|smile) (?:\w+ ){0,3}droop\w*|(?:droop\w*|sagging) (?:on |to )?(?:one|the left|the right) side",
    ),
    (
        ("emergency",),
        # a blow to the head, then confusion, vomiting or sleepiness: call 911 (Mayo Clinic's head
        # trauma first aid); the blow alone, or "last week ... fine now", is not
        # (what follows is told, not asked: no "what" or "if" between)
        r"&(?:hit|bumped|banged|smacked|knocked|struck) (?:\w+ ){0,2}head (?:(?!what |if )\w+ ){0,14}"
        r"(?:confused|doesnt know|dont know where|does not know|vomit\w*|throwing up|threw up|thrown up|cant wake|wont wake|so drowsy|not making sense)",
    ),
    (
        ("emergency",),
        r"cant (?:feel|move) {poss} (?:legs|arm|arms|leg|side)|legs (?:gave out|are numb|went numb)|(?:suddenly|now) cant walk|lost control of {poss} (?:bladder|bowels)"
        # one side of the body gone numb or weak: a stroke's sign (not a chemo's numb fingers and toes)
        r"|(?:left|right|one) side (?:of {poss} (?:body|face) )?(?:\w+ ){0,2}(?:went|is|feels|has gone|going|gone) (?:numb|dead|weak|limp|paralyzed)"
        # the spinal cord pressed on: numb from the waist down
        r"|(?:numb|no feeling|cant feel (?:anything|a thing)) (?:\w+ ){0,3}(?:from|below) (?:the|{poss}) waist",
    ),
    # a ninth blind probe (session 36): out and "not coming back", the cancer saved the trouble,
    # arms cut, "so they find me quick", a hose run to the exhaust
    (
        ("self_harm",),
        r"(?:go|going|goes|went|walk|walking|drive|driving|take|taking|swim|swimming|head|heading|leave|leaving|left)"
        r" (?:\w+ ){0,5}(?:and|then) (?:im |i am |he is |hes |shes |she is |theyre )?(?:not|never) (?:coming|come) back"
        r"(?! (?:till|until|for|before|from|to|after))"
        r"|save (?:the|this|my) cancer the (?:trouble|work|effort|job)|beat (?:the|this) cancer to it"
        r"|cutting (?:her|his|my|their) (?:arms?|wrists?|legs?|thighs?)"
        r"|so (?:they|someone|somebody|you|the kids|my \w+) (?:can |will |would )?find me (?:fast|quick|quickly|soon|before|first)"
        r"|(?:hose|tube|tubing) (?:\w+ ){0,6}(?:exhaust|tailpipe|tail pipe)",
    ),
    # ...a day picked to "go out on my own terms": beside a choice of hospice or stopping treatment,
    # that choice ("?")
    (
        ("self_harm",),
        r"?go out on (?:my|his|her) own (?:day|terms)|(?:picked|chosen|chose|set) (?:out )?(?:the|a|my) (?:date|day)$",
    ),
    (
        ("emergency",),
        # ...a low blood pressure read at home with a fever, shaking or confusion (sepsis: Cancer.Net,
        # https://www.cancer.net/navigating-cancer-care/how-cancer-treated/when-call-doctor-during-cancer-treatment),
        # hard to wake, a leg cold and white (a blocked artery: MedlinePlus,
        # https://medlineplus.gov/ency/article/001102.htm), a head "splitting" then vomiting
        r"&(?:bp|blood pressure|pressure) (?:\w+ ){0,4}[4-8]\d [1-6]\d\b.*\b(?:fever|shiver\w*|shaking|chills|confused|out of it|dizzy|10[0-6]|39|40)\b"
        r"|\b(?:fever|shiver\w*|shaking|chills|confused|out of it|10[0-6]|39|40)\b.*\b(?:bp|blood pressure|pressure) (?:\w+ ){0,4}[4-8]\d [1-6]\d\b"
        r"|(?:barely|hardly|can barely|can hardly) (?:rouse|wake|arouse|wake up) (?:him|her|them|mom|dad)|(?:so|super|really|very|too|now|gotten|getting) (?:hard|difficult) to (?:wake|rouse)|impossible to (?:wake|rouse)"
        r"|keeps (?:falling|nodding) (?:asleep|off) (?:mid sentence|while (?:im|i am|we are|were) talking)"
        r"|(?:leg|foot) (?:\w+ ){0,2}(?:ice |icy |so |really |very )?cold (?:and )?(?:\w+ ){0,2}(?:white|pale|blue|grey|gray)"
        r"|(?:head (?:is )?splitting|splitting headache|head (?:\w+ ){0,2}(?:exploding|about to explode)) (?:\w+ ){0,12}"
        r"(?:vomit\w*|threw up|throwing up|confused|cant see|blurry|not making sense)",
    ),
    (
        ("emergency",),
        # the legs gone weak, then the bladder lost: the spinal cord pressed on (session 35)
        r"&legs (?:\w+ ){0,3}(?:weak|numb|gave out|went out) (?:\w+ ){0,14}(?:wet (?:him|her|my)self|peed (?:him|her|my)self|lost control)",
    ),
    (
        ("emergency",),
        r"(?:vomiting|vomit|vomited|throwing up|threw up|puking|coughing up|coughing|coughed up|coughs up|spitting up|spit up|spat up) (?:up )?(?:(?!(?:little|streaks?|streaky|streaked|tinged?|specks?|spots?|bit|trace|few)\b)\w+ ){0,5}blood(?! streak| tinged| specks)|blood (?:everywhere|wont stop|gushing)"
        # (session 35) vomit like coffee grounds, blood pouring, a weight on the chest into the left arm
        r"|(?:vomit\w*|throwing up|threw up|throw up|puking) (?:\w+ ){0,4}coffee grounds|pouring (?:out )?blood|blood (?:is )?pouring"
        # ("a weight on my chest" alone is how sadness is told too)
        r"|(?:elephant|something heavy|someone|somebody) (?:\w+ ){0,2}(?:on|sitting on|pressing on) {poss} chest"
        r"|weight (?:\w+ ){0,2}(?:sitting|pressing|crushing) (?:on|down on) {poss} chest",
    ),
    (
        ("emergency",),
        # pain into the left arm, with the chest or a sweat (not asked about alone)
        r"&(?:chest|sweat\w*) (?:\w+ ){0,10}(?:goes|going|went|spreading|spreads|radiating) (?:down|into|to) {poss} left arm"
        r"|(?:goes|going|went|spreading|spreads|radiating) (?:down|into|to) {poss} left arm (?:\w+ ){0,6}(?:sweat\w*|chest)",
    ),
    (
        ("emergency",),
        # sudden confusion, the worst headache of a life, clots coughed up (the urgent pages say 911)
        r"(?:suddenly|all of a sudden|out of nowhere) (?:\w+ ){0,3}(?:doesnt know|does not know|dont know|confused|talking nonsense|making no sense|not making sense)"
        r"|(?:doesnt know|does not know) who (?:i am|we are|anyone is) (?:\w+ ){0,8}(?:fine|normal|ok) (?:at|this|an hour|yesterday)"
        r"|worst headache (?:of|in) {poss} life|coughing up (?:\w+ ){0,3}clots"
        # a belly gone hard as a board; blood spurting or soaking through (session 35)
        r"|(?:belly|stomach|abdomen|tummy) (?:\w+ ){0,3}hard as (?:a )?(?:board|rock)"
        r"|blood (?:\w+ ){0,3}(?:spurting|squirting|soaking through)|(?:spurting|squirting) blood"
        r"|(?:sudden|suddenly|all of a sudden) (?:\w+ ){0,3}(?:short of breath\w*|cant catch (?:his|her|my) breath\w*)",
    ),
    (
        ("emergency",),
        r"bleeding (?:a lot|heavily|badly|wont stop|everywhere|so much|that wont stop)|(?:wont|cant|will not|doesnt|not|isnt) stop(?:ping)? bleeding|hemorrhag\w*",
    ),
    (
        ("emergency",),
        r"throat (?:is )?(?:closing|swelling|swollen)|anaphyla\w*|tongue (?:is )?swelling"
        r"|throat (?:feels |is |getting )?(?:like (?:its|it is) )?closing|tongue (?:feels |is |looks |got )?(?:huge|swollen|thick|so big)"
        r"|hives (?:\w+ ){0,8}(?:hard|trouble|cant|struggling) (?:to )?swallow"
        r"|throat (?:\w+ ){0,2}tight\w* (?:\w+ ){0,6}hives|hives (?:\w+ ){0,6}throat (?:\w+ ){0,2}tight",
    ),
    (
        ("emergency",),
        # (a question whether to call is taken out first: WHETHER_TO_CALL below)
        r"ambulance|call 911"
        r"|^911$|dying (?:right )?now|think (?:he|she|im|i am|my \w+) (?:is )?dying",
    ),
    # The word itself: "!" keeps it quiet in a rallying cry (RALLY) - "stage 4 is an emergency, we
    # need a cure" is a cause, not a call for help. Any sign beside it still answers.
    (("emergency",), r"!^emergency$|(?:its|it is|this is|having|have|got|its an) an? emergency"),
]

# Whole words some stems above stand for ("suicid\w*"): the language model (understanding/language.py)
# learns each language from its rule words too, and a stem alone does not teach it how the word ends
# ("suicide" alone must read as English, "suicidio" as Spanish).
WORD_FORMS = (
    "suicide suicidal suicidality overdose overdosed overdosing self-harm collapsed collapsing convulsing "
    "convulsions hemorrhaging anaphylaxis anaphylactic unresponsive"
)

# A symptom asked about, not happening: the topic answers ("what do seizures look like").
ASKED_ABOUT = (
    r"(?:what|how|why|when|can|could|do|does|will)\b.*\b(?:seizures?|strokes?)\b.*\b(?:look|mean|like|happen|cause|from|normal)\b"
    r"|(?:cause|causes|causing|signs of|risk of|prevent|medicine for|meds for) (?:\w+ ){0,3}(?:seizures?|strokes?)"
    r"|^(?:what|whats) (?:is )?(?:a |an )?(?:seizure|stroke)s?$"
    r"|(?:is it|is that|is this) normal (?:\w+ ){0,8}(?:seizures?|strokes?)"
    # a kind of seizure asked about ("are absence seizures dangerous", "is a mini stroke serious"):
    # no one's own ("are her seizures dangerous" is hers, and may be now)
    r"|^(?:are|is|can|could) (?:a |an )?(?:(?!her |his |my |their |our |your |the )\w+ )?(?:seizures?|strokes?)"
    r" (?:\w+ ){0,2}(?:harmful|dangerous|serious|deadly|fatal|common|painful|hereditary|genetic|contagious)\b"
    r"|difference between (?:a |an )?(?:\w+ ){0,2}(?:seizures?|strokes?)|(?:seizures?|strokes?) (?:\w+ ){0,2}run in (?:the )?famil"
    r"|(?:if|when) (?:someone|somebody|a person|you|a loved one) (?:has|gets|had) (?:a |an )?(?:\w+ )?(?:seizure|stroke)"
    # how to tell, what to do if one happens (session 35)
    r"|how (?:do|can|would|will) (?:you|i|we) (?:tell|know) (?:if|when) (?:\w+ ){0,4}(?:seizures?|strokes?)"
    r"|what (?:do|should|would) (?:i|we) (?:\w+ ){0,2}do (?:if|when) (?:one|a seizure|a stroke|he has one|she has one)"
    # the signs, causes or kinds of one, asked as a general question ("what are 4 warning signs of a
    # heart attack", "what are the 4 types of seizures"; session 36, general health questions)
    r"|^(?:what|whats) (?:are|is) (?:the )?(?:\w+ ){0,2}(?:signs?|symptoms?|causes?|types?|kinds?|triggers?|stages?)"
    r" (?:of|for) (?:a |an )?(?:\w+ ){0,2}(?:seizures?|strokes?|heart attacks?)$"
)
ASKED_WORDS = frozenset({"seizure", "seizures", "seizing", "stroke", "strokes", "attack", "attacks"})
# Asking whether to call, which is not calling: taken out of a message before any rule reads it
# ("do we still call 911 or hospice first" at a death on hospice, "when should i call 911").
WHETHER_TO_CALL = (
    r"\b(?:(?:do|should|shall|would|must) (?:i|we|you|they) (?:still |just |then )?|(?:have|has|need|needs) to (?:still )?"
    r"|still |whether to |when to )call 911\b"
)
# An overdose asked about in general, the word alone (alarms.py: only when no other overdose rule
# matched, nothing was taken and nothing is urgent): "how much morphine would be an overdose".
OVERDOSE_ASKED = (
    r"(?:what happens|what would happen|what can happen) (?:\w+ ){0,3}(?:if|when) (?:someone|somebody|a person|you|people)\b.*\boverdos"
    r"|(?:how much|how many|what amount|what dose|is there a (?:certain |safe |max\w* )?(?:amount|dose|limit))\b.*\boverdos"
    r"|(?:can|could) (?:you|someone|somebody|a person|people) (?:\w+ ){0,2}overdose on|is it possible to overdose"
    r"|(?:risk|signs|symptoms|chance) of (?:an )?overdos"
)
# ...unless the message says something was taken, or who overdosed.
OVERDOSE_TAKEN = r"\b(?:took|taken|swallowed|ate|gave|given|injected|overdosed|(?:i|he|she|they|we|mom|dad) (?:just )?(?:had|has|is having) an? overdose)\b"

# Caregiving or a choice about treatment in the message: a "?" rule (tiredness, "I can't do this
# anymore") stays quiet, and the caring or hospice topic answers (988 only if the message says more).
CARING = (
    r"(?:taking|take|takes|took) care of|caring for|care for|caregiv\w*|carer|looking after|look after"
    r"|chemo\w*|treatments?|(?<!not on )(?<!not in )(?<!isnt on )(?<!not yet on )hospice|stop (?:\w+ ){0,2}(?:chemo|treatment)"
)
# An end-of-life story: a death told, or care at the end of life. An emergency word alone in it
# ("she was unresponsive for two days", "his breathing changed") is the story, not a call now.
# Real words a letter away from a crisis word that real_words.py (the dictionary's common words:
# "tainted" is not "fainted", "responsive" is not "unresponsive") does not hold: never "fixed" into
# it. Typos are fixed towards crisis words (recall first), but a word spelt right is kept.
REAL_WORDS = (
    "acquainted",
    "fainter",
    "seized",
    "seizes",
    "strike",
    "strikes",
    "controllably",
)
# ("not on hospice yet" is no hospice story)
CALM = (
    r"passed away|passed on|died|dying|funeral|(?<!not on )(?<!not in )(?<!isnt on )(?<!not yet on )hospice|comfort care"
    r"|end of life|last days|her death|his death"
)
# In a hospital bed now (the nurses are there): an emergency sign alone in the story ("mum is in
# hospital, her speech is slurred") is what is happening under care, not a 911 call. "was in the
# hospital" (home again since) is not here; "right now" or "911" still answers (CALLING_NOW).
WARD = (
    r"(?:is|are|s|still|now|been|stays?|staying) (?:(?!not |no |never )\w+ )?in (?:the )?(?:hospital|icu|intensive care)"
    r"|(?:is|been) (?:admitted|hospitali[sz]ed)|on the (?:cancer |oncology )?ward"
)
# A cause, not a person in danger: a cure, research, funding or awareness called for.
RALLY = (
    r"(?:no|a|the|find a|need a|needs a) cure|cures|research\w*|funding|fund\w*|awareness|early detection"
    r"|advoca\w*|we need (?:it|them|this|more|answers)|(?:those|all|many) of us"
)

# Text-speak spelled out before the rules read it (whole words or phrases, after folding).
SPELLING = [
    (r"cannot|can not|cnt|cn t|carnt|cnat", "cant"),
    (r"do not|dnt|don t", "dont"),
    (r"does not", "doesnt"),
    (r"will not", "wont"),
    (r"is not", "isnt"),
    (r"i m|i am", "im"),
    (r"hes", "he is"),
    (r"shes", "she is"),
    (r"u", "you"),
    (r"ur", "your"),
    (r"r", "are"),
    (r"wanna", "want to"),
    (r"gonna", "going to"),
    (r"kys", "kill yourself"),
    (r"kil", "kill"),  # "kiiilll" folds to "kil"
    (r"breth\w*", "breathe"),
    (r"breath", "breathe"),
]

# Warning signs that are not a 911 emergency on their own but need the care team today: the
# message is answered with its urgent page first (understanding/signs.py). Each: the page's node
# id and patterns that must ALL be found in the folded message.
SIGNS = [
    (
        "symptoms.urgent.fever",
        [
            r"fever\w*|(?:temp|temperature) (?:of |is |was )?(?:1\d\d|3[89])|(?:has|have|had|got|running) a (?:temp|temperature)|chills"
        ],
    ),
    (
        "symptoms.urgent.spine",
        [
            r"back|spine|neck|pelvis|pelvic|hips?|sacrum|tailbone",  # bone spread near the nerves to the legs
            r"(?:legs?|feet|foot) (?:\w+ ){0,3}(?:weak\w*|numb\w*|tingl\w*|gave out|giving out|give out)|(?:weak\w*|numb\w*|tingl\w*) (?:\w+ ){0,3}(?:legs?|feet)|(?:trouble|hard|cant) (?:walking|walk|stand)",
        ],
    ),
    (
        "symptoms.urgent.calcium",
        [
            r"calcium (?:\w+ ){0,2}(?:high|up|level)|high calcium|hypercalc\w*|(?:very|so|always|really|super) thirsty (?:\w+ ){0,8}(?:pee\w*|urinat\w*|confus\w*|constipat\w*)"
        ],
    ),
    (
        "symptoms.urgent.clot",
        [
            r"blood clots?|\bdvt\b|(?:leg|arm|calf|ankle) (?:\w+ ){0,4}(?:swollen|swelling|red|warm|hot)|(?:swollen|swelling|red|warm|hot) (?:\w+ ){0,3}(?:leg|arm|calf)"
        ],
    ),
    (
        "symptoms.urgent.brain",
        [
            r"worst headache|(?:sudden|suddenly) (?:\w+ ){0,3}(?:weak\w*|confus\w*|headache|vision|numb\w*|cant see)|one side of (?:his|her|my|the) (?:body|face)"
            r"|(?:left|right|one) side (?:\w+ ){0,4}(?:went|is|feels|has gone|going|gone) (?:numb|dead|weak|limp|paralyzed)"
            # A seizure that happened (told from a ward, the alarm's WARD rule holds the 911 back):
            # still this page first, not brain spread's signs. Asking whether seizures come is not this.
            r"|(?:had|having|has had|just had|was having) (?:a |another |an? \w+ )?seizures?"
        ],
    ),
    (
        # Said as it happens: also an emergency (911 first), then this page.
        "symptoms.urgent.breathing",
        [r"(?:can ?t|cannot|can not|unable to) breathe|hard to breathe|trouble breathing|struggling to breathe"],
    ),
    (
        "symptoms.urgent.breathing",
        [
            r"(?:more|getting|increasingly|worse|worsening) (?:\w+ ){0,3}(?:short of breath|breathless|out of breath)|(?:short of breath|breathless|shortness of breath) (?:\w+ ){0,4}(?:worse|more|getting)",
        ],
    ),
    (
        # Breathing trouble told as a state, not as it happens now: the urgent page, not 911.
        "symptoms.urgent.breathing",
        [r"(?:difficulty|trouble|problems?) (?:in |with )breathing|breathing (?:problems|trouble|difficulties)"],
    ),
    (
        "symptoms.urgent.bleeding",
        [
            r"blood in (?:\w+ ){0,2}(?:stool|poop|urine|pee|vomit|throw up)|bloody (?:stool|poop|urine|pee|vomit|phlegm|mucus|spit|sputum)|blood in (?:\w+ ){0,2}(?:phlegm|mucus|spit)|black (?:tarry )?(?:stool|poop)|bleeding|nosebleeds?"
        ],
    ),
]
