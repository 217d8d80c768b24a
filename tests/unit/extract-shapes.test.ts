import { describe, expect, it } from "vitest";
import { parseText } from "../../src/document/read.ts";
import { extract } from "../../src/extract/index.ts";

/** Shapes of enumeration the corpus has few of, written out here: each must be read from its structure and grammar. */
const extractFrom = (text: string) => extract(parseText("doc.txt", text, false));
const recs = (text: string) => extractFrom(text).recommendations.map((r) => r.text);
/** The objections found among `sentences`, after a two-point plan for a harbour that they may bear on. */
const objections = (...sentences: string[]) =>
  extractFrom(["A plan for the harbour", "First, the port should dredge the east channel.", "Second, the port should build a second quay.", ...sentences].join("\n\n")).objections.map((o) => o.claim);

describe("enumerations of other shapes", () => {
  it("reads items numbered behind a word ('Step 2 —', 'Principle 3.'), and not the lead-in that announces them", () => {
    const steps = [
      "Moving a small agency to the cloud",
      "Agencies often try to move everything at once. That rarely works. Here is what we advise instead.",
      "Step 1 — Inventory the applications you run and who owns each of them.",
      "Step 2 — Pick one low-risk application and migrate it first.",
      "Step 3 — Measure the cost and the performance before and after the move.",
    ].join("\n\n");
    expect(recs(steps)).toEqual([
      "Inventory the applications you run and who owns each of them.",
      "Pick one low-risk application and migrate it first.",
      "Measure the cost and the performance before and after the move.",
    ]);
    const principles = [
      "Principles for open data",
      "These principles guide how the city publishes its data.",
      "Principle 1. Publish data in open formats that anyone can read without paying for software.",
      "Principle 2. Keep each dataset up to date, and say when it was last changed.",
    ].join("\n\n");
    expect(recs(principles)).toEqual(["Publish data in open formats that anyone can read without paying for software.", "Keep each dataset up to date, and say when it was last changed."]);
    const tips = ["Better surveys", "These tips come from ten years of our research.", "Tip #1: Ask one question at a time.", "Tip #2: Pilot the survey with five people before you send it."].join("\n\n");
    expect(recs(tips)).toEqual(["Ask one question at a time.", "Pilot the survey with five people before you send it."]);
  });

  it("does not take a lone labelled paragraph or a run of figure captions for a list", () => {
    const text = [
      "Rail freight in the north",
      "Phase 2: the line was doubled in 2019, and traffic grew by a third.",
      "Figure 1. Build the new depot near the port.",
      "Figure 2. Extend the siding to the quarry.",
    ].join("\n\n");
    expect(recs(text)).toEqual([]);
  });

  it("takes noun-phrase items under the author's own programme announced with a colon (Roman numerals)", () => {
    const text = [
      "A programme for the river",
      "The river is the region's to share, and its future is our programme; and that programme, as we see it, is this:",
      "I. Open access to the river banks for walkers, anglers and boats, on both shores.",
      "II. Absolute protection of the spawning grounds between March and June.",
      "III. The removal of the three weirs that no longer serve a mill.",
    ].join("\n\n");
    expect(recs(text).map((r) => r.split(" ").slice(0, 2).join(" "))).toEqual(["Open access", "Absolute protection", "The removal"]);
  });

  it("reads 'Some will say that ...' as an objection, whatever the tagger makes of 'will'", () => {
    const text = [
      "A programme for the river",
      "First, the council should open both banks to walkers.",
      "Second, the three idle weirs should be removed.",
      "Some will say that removing the weirs will flood the lower town. The survey shows the opposite.",
    ].join("\n\n");
    expect(extractFrom(text).objections.map((o) => o.claim)).toEqual(["Some will say that removing the weirs will flood the lower town."]);
  });

  it("reads objections voiced by part of the audience, and a risk the author grants", () => {
    const text = [
      "The case for a congestion charge",
      "First, the city should charge drivers five pounds a day to enter the centre.",
      "Second, every pound raised should go to buses and cycle lanes.",
      "I know that some of you fear the charge will fall hardest on those who can least afford it. That is why residents on low incomes will pay nothing.",
      "Of course, there is a risk that traffic simply moves to the streets just outside the zone.",
      "There is a bus every five minutes on the main road.",
      "Some shopkeepers worry that deliveries will cost more. Some shopkeepers said that they open at nine.",
    ].join("\n\n");
    expect(extractFrom(text).objections.map((o) => o.claim)).toEqual([
      "I know that some of you fear the charge will fall hardest on those who can least afford it.",
      "Of course, there is a risk that traffic simply moves to the streets just outside the zone.",
      // A group named by its noun objects when its verb takes a stance; saying alone reports.
      "Some shopkeepers worry that deliveries will cost more.",
    ]);
  });
});

describe("objections by the grammar of stance", () => {

  it("reads an existential group, a partitive group with a catenative verb, and a stance against the plan", () => {
    expect(objections("There are those who say that the channel will silt up again within a year.")).toEqual(["There are those who say that the channel will silt up again within a year."]);
    expect(objections("Some of our neighbours like to believe that the quay will never pay for itself.")).toEqual(["Some of our neighbours like to believe that the quay will never pay for itself."]);
    expect(objections("Two fishing associations oppose my plan on the ground that dredging disturbs the spawning beds.")).toEqual([
      "Two fishing associations oppose my plan on the ground that dredging disturbs the spawning beds.",
    ]);
    expect(objections("Some residents have expressed concern about the noise of night dredging.")).toEqual(["Some residents have expressed concern about the noise of night dredging."]);
  });

  it("reads a group named by what it claims, a group named by its stance toward the plan, and a risk the author admits", () => {
    expect(objections("Those who have intimated that the quay is a gift to one company are either ignorant of the facts or untruthful.")).toEqual([
      "Those who have intimated that the quay is a gift to one company are either ignorant of the facts or untruthful.",
    ]);
    expect(objections("Those opposing this plan have tried to frighten the town by crying that the harbour will close.")).toEqual([
      "Those opposing this plan have tried to frighten the town by crying that the harbour will close.",
    ]);
    expect(objections("If we are honest with ourselves, we must admit that there is risk in any course we may take.")).toEqual([
      "If we are honest with ourselves, we must admit that there is risk in any course we may take.",
    ]);
    // A group that opposes something and then says its piece: the claim is the main clause's, read once.
    expect(objections("Those who oppose dredging say that the channel will silt up again.")).toEqual(["Those who oppose dredging say that the channel will silt up again."]);
  });

  it("reads a question of doubt the author answers, not a question that only asks", () => {
    expect(objections("Is it a dangerous precedent for the port to borrow against its dues? The port has borrowed twice before and repaid both loans.")).toEqual([
      "Is it a dangerous precedent for the port to borrow against its dues?",
    ]);
    expect(objections("Why was the depth fixed at twelve metres? Because the largest ships that call here draw eleven.")).toEqual(["Why was the depth fixed at twelve metres?"]);
    expect(objections("What will the harbour look like in ten years? It will be busier than ever.")).toEqual([]);
    expect(objections("What will it profit us to dredge if we are not to have a quay to moor at? The two go together.")).toEqual([]);
  });

  it("does not read 'as opposed to', an adjective, a participle or bare criticism as an objection", () => {
    expect(objections("Dredging by day is cheaper, as opposed to dredging at night, which needs lights.")).toEqual([]);
    expect(objections("The work was extremely challenging for the crews.")).toEqual([]);
    expect(objections("The methods condemned by the inspectors were abandoned in 2019.")).toEqual([]);
    expect(objections("The harbour master expressed concern about the state of the old quay.")).toEqual([]);
  });

  it("does not read the author's own disagreement or urging, a stance far from any plan, a possessive, or a bare mention of concerns", () => {
    expect(objections("The council certainly should not close the port just because we disagree on the quay.")).toEqual([]);
    expect(objections("Strongly moved by these views, I feel bound to urge that the amendment herewith presented be adopted.")).toEqual([]);
    expect(objections("The inspectors will look into every company where there is reasonable suspicion that it has been organized to evade the law and is doing business on a plan that breaks it.")).toEqual([]);
    expect(objections("Every form of levy has been suggested, and many have found their way into the bill.")).toEqual([]);
    expect(objections("I hear these concerns.")).toEqual([]);
  });
});

describe("ordinals that count off reasons", () => {
  it("does not take 'First, because ... Second, because ...' for proposals", () => {
    const text = [
      "Why I chose this plan",
      "I propose that the council add a second ferry on the winter timetable.",
      "I am in favor of action through a council vote:",
      "First, because I believe that it can be approved at this session of the council.",
      "Second, because it will provide a reliable crossing for the workers of both towns.",
      "Third, because it will provide a service that the crews are already trained to run.",
    ].join("\n\n");
    expect(recs(text)).toEqual(["I propose that the council add a second ferry on the winter timetable."]);
  });
});

describe("mandatives in running prose", () => {
  it("takes 'It is imperative that ...' opening a sentence, not one framed by a condition or negated", () => {
    const text = [
      "Message on the harbour",
      "The harbour silts up every winter and the dredger is forty years old.",
      "It is absolutely imperative that the Congress provide a new dredger before the next winter.",
      "If the channel is to be kept open, it is essential that the work begin in spring.",
      "It is not necessary that the old dredger be scrapped at once.",
      "It is essential that when the work begins the fishermen are told in advance.",
    ].join("\n\n");
    expect(recs(text)).toEqual(["It is absolutely imperative that the Congress provide a new dredger before the next winter."]);
  });
});

describe("an agency's reasons after it did not concur", () => {
  it("reads the agency's statements that follow its non-concurrence, not its agreement, and not the summary's preview", () => {
    const text = [
      "Ports: the Agency Should Inspect Cranes",
      "What GAO Recommends",
      "GAO recommends that the Agency inspect cranes yearly. The Agency did not concur with the recommendation.",
      "Background",
      "Cranes at federal ports are inspected when they are bought.",
      "Agency Comments",
      "In its written comments, the Agency said it did not concur with our recommendation to inspect cranes yearly. The Agency asserted that yearly inspections would not find more faults than its current checks. The Agency acknowledged that some cranes had not been inspected for a decade.",
      "We continue to believe yearly inspection is needed.",
    ].join("\n\n");
    expect(extractFrom(text).objections.map((o) => o.claim)).toEqual([
      "In its written comments, the Agency said it did not concur with our recommendation to inspect cranes yearly.",
      "The Agency asserted that yearly inspections would not find more faults than its current checks.",
    ]);
  });
});

describe("appeals and calls", () => {
  it("takes 'I appeal to X to ...' and 'I call upon X to ...', not a call for what was just named or one asked of no one", () => {
    const text = [
      "Address on the harbour",
      "The harbour must be deepened before the new ships arrive.",
      "So I appeal to the owners of the yards, to the crews and to the engineers to finish the new quay by spring.",
      "I call for that effort in the name of the whole town.",
      "I would ask no one to work without pay.",
      "I call upon our people with absolute confidence that the work will succeed.",
    ].join("\n\n");
    expect(recs(text)).toEqual(["So I appeal to the owners of the yards, to the crews and to the engineers to finish the new quay by spring."]);
  });
});

describe("layout and tense around lists", () => {
  it("reads 'Play 9: ...' after a numbered checklist as the next heading, not as the checklist's ninth item", () => {
    const text = [
      "Selected plays",
      "Play 1: Understand what people need",
      "We must begin by learning who will use the service.",
      "Checklist",
      "1. Members of the team have met current users of the service\n2. Prototypes were tested with real people",
      "Play 2: Deploy in a flexible hosting environment",
      "Our services should run on infrastructure that grows with demand.",
    ].join("\n\n");
    const doc = parseText("doc.txt", text, false);
    expect(doc.blocks.filter((b) => b.kind === "heading").map((b) => b.text)).toContain("Play 2: Deploy in a flexible hosting environment");
    expect(recs(text)).toEqual(["Understand what people need", "Deploy in a flexible hosting environment"]);
  });

  it("does not take a list whose lead-in tells what an agency did ('Prior to stopping them, FSA assessed ... through the following actions')", () => {
    const text = [
      "Loan servicer oversight",
      "Prior to discontinuing these quarterly assessments, FSA assessed servicers on these metrics through the following actions.",
      "- Accuracy. FSA would review data for borrowers and compare it to data in FSA systems.",
      "- Call quality. FSA would review phone calls between borrowers and servicers.",
    ].join("\n\n");
    expect(recs(text)).toEqual([]);
  });

  it("takes the author's answer to 'What is my proposal?' with the question", () => {
    const text = [
      "Address on the courts",
      "The courts are behind by two years. What is my proposal? It is simply this: whenever a judge reaches seventy and does not retire, a new judge shall be appointed.",
      "What will the courts look like then? They will be quicker.",
    ].join("\n\n");
    expect(recs(text)).toEqual(["What is my proposal? It is simply this: whenever a judge reaches seventy and does not retire, a new judge shall be appointed."]);
  });
});

describe("a message's directives to the body it addresses", () => {
  it("takes 'you will deliberate whether ...' and 'it is your province to consider ...', not a conditional or a forecast", () => {
    const text = [
      "Message to the Assembly",
      "The harbour defences have not been repaired since the last war.",
      "And as our coast is open in other places besides the harbour, you will seriously deliberate whether the militia ought not to be enlarged.",
      "It is particularly your province to consider the state of the public revenue, and to adopt such measures as the times require.",
      "If you will consider the accounts, the cost of the repairs will be plain.",
      "You will find that the engineers have already surveyed the forts.",
    ].join("\n\n");
    expect(recs(text)).toEqual([
      "And as our coast is open in other places besides the harbour, you will seriously deliberate whether the militia ought not to be enlarged.",
      "It is particularly your province to consider the state of the public revenue, and to adopt such measures as the times require.",
    ]);
  });
});

describe("spoken items, lists of instructions, and contractions", () => {
  it("takes spoken items labelled 'One: ... Two: ... Three: ...'", () => {
    const text = ["Report on the strike", "We are ready to settle on these terms.", "One: The strike must end at once.", "Two: The mills must reopen within the week.", "Three: There must be an inquiry into the wages paid."].join("\n\n");
    expect(recs(text)).toEqual(["One: The strike must end at once.", "Two: The mills must reopen within the week.", "Three: There must be an inquiry into the wages paid."]);
  });

  it("takes imperative items under the author's lead-in with a colon, not the predicates of 'In this report, we:'", () => {
    const advice = ["Getting back on track", "Here are some simple approaches you can use in the meantime:", "1. Identify barriers accurately. Draw them out with your team.\n2. Dedicate regular intervals to retrospectives.\n3. Get some professional help!"].join("\n\n");
    expect(recs(advice).map((r) => r.split(".")[0])).toEqual(["Identify barriers accurately", "Dedicate regular intervals to retrospectives", "Get some professional help!"]);
    const report = ["Democracy assistance", "In this report, we:", "1) describe the allocations of funding;\n2) discuss challenges partners identified;\n3) assess the extent to which agencies planned for risks."].join("\n\n");
    expect(recs(report)).toEqual([]);
  });

  it("reads 'I'm proposing' as the author's proposal, and not 'I'm going to sign it' or 'I'm calling on Congress to pass these reforms'", () => {
    const text = [
      "Remarks on the harbour",
      "So I’m proposing that we build a second quay on the east side of the harbour.",
      "And when the council sends me the final plan, I'm going to sign it.",
      "And so I'm calling on the council to pass these reforms.",
    ].join("\n\n");
    expect(recs(text)).toEqual(["So I’m proposing that we build a second quay on the east side of the harbour."]);
  });
});

describe("announced proposals and directives", () => {
  it("takes a proposal announced to a legislature, an intention to enact, a directive; not relative clauses or the hearer's instructions", () => {
    const text = [
      "Address on the river",
      "For our part I will ask the Congress to join in a billion dollar investment in this effort as soon as it is underway.",
      "I also intend to expand the program that sends our surplus grain abroad.",
      "I am directing the Secretary of the Interior to survey every dam on the river.",
      "The assistance that I am recommending amounts to little more than a tenth of one percent of the budget.",
      "One aspect of the matter, which I present to you for your consideration, concerns the locks.",
      "During the visit, we'll ask you to share your screen.",
    ].join("\n\n");
    expect(recs(text)).toEqual([
      "For our part I will ask the Congress to join in a billion dollar investment in this effort as soon as it is underway.",
      "I also intend to expand the program that sends our surplus grain abroad.",
      "I am directing the Secretary of the Interior to survey every dam on the river.",
    ]);
  });
});

describe("objections voiced for the hearer, in parentheses, and by the passive of common opinion", () => {

  it("reads the hearer's question, a why-question answered with a reason, and a group's stance", () => {
    expect(objections("But you may ask why can't we simply buy a bigger dredger. A bigger dredger would not fit the lock.")).toEqual(["But you may ask why can't we simply buy a bigger dredger."]);
    expect(objections("Why must the town bear this cost?", "We pay because the trade that the channel brings pays us back twice over.")).toEqual(["Why must the town bear this cost?"]);
    expect(objections("Why don't we leave the channel to silt up?", "Then the ferries would stop.")).toEqual(["Why don't we leave the channel to silt up?"]);
    expect(objections("I know that many in this town are deeply skeptical that the quay will ever pay for itself.")).toEqual(["I know that many in this town are deeply skeptical that the quay will ever pay for itself."]);
    expect(objections("If, as many of its friends claim, the old quay ought to be kept, it must be kept at their expense.")).toEqual(["If, as many of its friends claim, the old quay ought to be kept, it must be kept at their expense."]);
    expect(objections("Dredging is often unfairly characterized as a gift to the shipping lines.")).toEqual(["Dredging is often unfairly characterized as a gift to the shipping lines."]);
    expect(objections("I clearly recognize that dredging has limitations and raises certain problems.")).toEqual(["I clearly recognize that dredging has limitations and raises certain problems."]);
  });

  it("does not read the author's affirming questions or a group named in a relative clause as objections", () => {
    expect(objections("Wouldn't it be better to dredge now than to pay twice later?")).toEqual([]);
    expect(objections("People who are skeptical of the plan often mention the cost.", "The cost is covered by the dues.")).toEqual([]);
  });
});

describe("a party's criticism of the report", () => {
  it("reads 'DOE commented that the draft report wrongly ...', not an agency's agreement with it", () => {
    const text = ["Oil supply", "The Secretary of Energy should lead a strategy on peak oil.", "DOE commented that the draft report wrongly attributed environmental concerns to recovery techniques.", "DOE commented that the draft report described its programs in full."].join("\n\n");
    expect(extractFrom(text).objections.map((o) => o.claim)).toEqual(["DOE commented that the draft report wrongly attributed environmental concerns to recovery techniques."]);
  });
});

describe("a party's foreseen difficulty, a refused pressure, a dislike of the plan", () => {

  it("reads them, and not a difficulty a party reports having met", () => {
    expect(objections("Port Authority officials said it may be challenging to dredge in winter because of the ice.")).toEqual(["Port Authority officials said it may be challenging to dredge in winter because of the ice."]);
    expect(objections("But we must not be misled by those who would make the harbour the scapegoat of the budget.")).toEqual(["But we must not be misled by those who would make the harbour the scapegoat of the budget."]);
    expect(objections("Despite all this, the shipping lines and their allies don't like this idea.")).toEqual(["Despite all this, the shipping lines and their allies don't like this idea."]);
    expect(objections("I am fully aware of the broad implications involved if the port borrows to dredge.")).toEqual(["I am fully aware of the broad implications involved if the port borrows to dredge."]);
    expect(objections("Thirty harbours reported that meeting the new rules was challenging.")).toEqual([]);
  });
});

describe("proposals in a speech's own judgment, existentials, offers", () => {
  it("takes them, and not their look-alikes", () => {
    const text = [
      "Address on the harbour",
      "I believe that it must be the policy of this town to keep the harbour open all year.",
      "I believe it's time to give the fishermen more say.",
      "Now there must be a much more massive effort to clear the silt from the east channel.",
      "This time there must be no delay.",
      "We are ready, at any time, to negotiate with the shipping lines for a fair fee.",
      "We are willing to cancel the levy if the lines will pay for the dredging.",
      "It is of the utmost importance that we supervise the use of every pound raised.",
      "I call upon the engineers of our town, those who built the locks, to turn their talents to the new quay.",
      "We commend the Harbour Board's proactive attention to communicating its plans to the fishermen.",
    ].join("\n\n");
    expect(recs(text).map((r) => r.split(" ").slice(0, 5).join(" "))).toEqual([
      "I believe that it must",
      "Now there must be a",
      "We are ready, at any",
      "It is of the utmost",
      "I call upon the engineers",
    ]);
  });
});

describe("a report's previews and elaborations", () => {
  it("takes the recommendation once, where its section states it, not its preview or the parts that elaborate it", () => {
    const text = [
      "Ports: a Strategy for Silting",
      "Results in Brief",
      "Therefore, to better prepare the ports for silting, we are recommending that the Secretary of Transportation take the lead, with other agencies, to establish a dredging strategy.",
      "Background",
      "Ports silt up at different rates.",
      "Recommendation for Executive Action",
      "While silting is inevitable, planning for it helps. Therefore, we recommend that the Secretary of Transportation take the lead, with other agencies, to establish a dredging strategy. At a minimum, such a strategy should seek to do the following:",
      "- Monitor the silting of every federal channel each year.\n- Assess new dredging methods and advise Congress on their costs.",
    ].join("\n\n");
    expect(recs(text).map((r) => r.split(" ").slice(0, 4).join(" "))).toEqual(["Therefore, we recommend that"]);
  });

  it("reads a misunderstanding the author clears up as an objection", () => {
    const text = ["The harbour plan", "First, the port should dredge the east channel.", "And one more misunderstanding I want to clear up: under our plan, no fishing boat will pay the new fee."].join("\n\n");
    expect(extractFrom(text).objections.map((o) => o.claim)).toEqual(["And one more misunderstanding I want to clear up: under our plan, no fishing boat will pay the new fee."]);
  });
});

describe("views put about without naming who holds them", () => {

  it("reads 'I have heard it said', 'we are told', 'there is a notion that', 'the argument goes', 'I've heard the argument', 'skeptics point out'", () => {
    for (const s of [
      "I have heard it said that the quay will never pay for itself.",
      "We are told that dredging will ruin the oyster beds.",
      "There is a notion out there that this plan is a gift to the shipping lines.",
      "The argument goes that the channel will silt up again within a year.",
      "Now, I've heard the argument that the quay will cost jobs on the west side.",
      "Skeptics point out that the last dredging failed.",
    ]) expect(objections(s)).toEqual([s]);
    expect(objections("We were told by officials that the survey data were incomplete.")).toEqual([]);
  });
});

describe("transcript layouts and the conditional imperative", () => {
  it("reads paragraphs opening with a dash as list items, an ordinal with an aside, 'the tenth and last', and lines set in under an item as the item's own", () => {
    const text = [
      "Address on the harbour",
      "Our plan rests on three principles. The first principle is that the channel must stay open all year.",
      "The second principle, and the heart of our plan, is that the fishermen must keep their berths.",
      "The third and last principle is that the town must pay its share.",
      "These are the goals that we set for 1990:",
      "—to dredge the channel to twelve metres;",
      "—to build a second quay on the east side;",
      "—to halve the time ships wait for a berth.",
    ].join("\n\n");
    const doc = parseText("doc.txt", text, false);
    expect(doc.blocks.filter((b) => b.kind === "list-item").map((b) => b.text)).toEqual(["to dredge the channel to twelve metres;", "to build a second quay on the east side;", "to halve the time ships wait for a berth."]);
    expect(recs(text).map((r) => r.split(" ").slice(0, 3).join(" "))).toEqual(["The first principle", "The second principle,", "The third and", "to dredge the", "to build a", "to halve the"]);
    const tips = parseText("t.txt", ["Working apart", "Here are some techniques we have developed.", "- Design in pairs. Two heads see more.\n- Take time together. Good work alternates.\n  When you are remote, schedule the regrouping.\n- Prepare for snafus. Tools fail."].join("\n\n"), false);
    expect(tips.blocks.filter((b) => b.kind === "list-item").map((b) => b.text.split(".")[0])).toEqual(["Design in pairs", "Take time together", "Prepare for snafus"]);
  });

  it("takes 'Pass this bill, and thousands of teachers will go back to work.'", () => {
    const text = ["Address on jobs", "The council has the bill before it.", "Pass this bill, and thousands of teachers will go back to work.", "Look at the harbour, it is busy today."].join("\n\n");
    expect(recs(text)).toEqual(["Pass this bill, and thousands of teachers will go back to work."]);
  });
});

describe("objections among the audience and granted to the proposal", () => {
  it("reads a part of the audience set against the author, a cost granted, 'it is also said', attacks on the plan", () => {
    for (const s of [
      "I know that some of you have sworn never to raise the harbour dues.",
      "Now, I realize that some of you have a different theory on how to keep the channel open.",
      "I'm also well aware that there are many councillors who don't believe we should borrow.",
      "Many of these proposals will be unpopular.",
      "This is the best approach; however, it may be impractical for the smaller ports.",
      "I'm sure that each of you will find something you don't like about the details of our proposal.",
      "We can be sure that the shipping lines will attack the part of this plan that raises their fees.",
      "It is also said that the dues will drive the ferries away.",
    ]) expect(objections(s)).toEqual([s]);
    expect(objections("It is also true that the old quay was built in 1890.")).toEqual([]);
  });
});

describe("limits the author grants, and doubts the author knows of", () => {
  it("reads 'I don't pretend that this plan ...', 'I know there's been a lot of skepticism', 'The difficulty attending ...', not the author's own disbelief or objections to an alternative", () => {
    for (const s of [
      "I don't pretend that this plan will solve all the harbour's problems.",
      "Now, I know there's been a lot of skepticism about whether the quay will pay.",
      "The difficulty attending a fair revision of the harbour dues is that every berth has its friends.",
    ]) expect(objections(s)).toEqual([s]);
    expect(objections("While we agree that more surveys could help, we do not believe these surveys address our recommendation.")).toEqual([]);
    expect(objections("The objections to moving the ferry terminal instead are so plain that I need not list them.")).toEqual([]);
  });
});

describe("appearances granted, opponents put first, challenges to a rule", () => {
  it("reads them, and not a noun the tagger took for a verb of stance", () => {
    for (const s of [
      "It sounds counterintuitive — won't the port lose trade while it dredges? — but the channel earns more deep.",
      "Opposed to this view of the harbour was the former harbour master, who wanted a smaller quay.",
      "The shipping lines challenged the new rule that sets the harbour dues.",
    ]) expect(objections(s)).toEqual([s]);
    expect(objections("Two ports paused the work due to challenges meeting the requirements.")).toEqual([]);
  });
});

describe("standing policies told in the past", () => {
  it("takes future-tense policy items under a past lead-in, not a list of what an agency did", () => {
    const policy = ["Address on the harbour", "Last year I laid down three principles for the harbour:", "- First, the port will keep every berth it has promised.\n- Second, we shall dredge the channel whenever it silts.\n- Third, we shall charge no fee to the lifeboats."].join("\n\n");
    expect(recs(policy).map((r) => r.split(",")[0])).toEqual(["First", "Second", "Third"]);
    const past = ["Oversight", "Before 2025, the agency reviewed the ports as follows:", "- Accuracy. The agency would review the berth records.\n- Safety. The agency would inspect the cranes."].join("\n\n");
    expect(recs(past)).toEqual([]);
  });
});
