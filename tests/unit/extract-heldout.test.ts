/**
 * Rules added while checking the extractor on documents it was not developed on. Each test is a
 * small made-up text showing one construction of English or of layout, not a sentence of any document.
 */
import { describe, expect, it } from "vitest";
import { parseText } from "../../src/document/read.ts";
import { extract } from "../../src/extract/index.ts";
import { readSentence } from "../../src/extract/grammar.ts";
import { tagText } from "../../src/extract/nlp.ts";

const INTRO = "Parks for Crowded Towns\n\nTowns are growing faster than their green space, and the old rules for parks no longer fit.\n\n";
const recsOf = (text: string) => extract(parseText("doc.txt", INTRO + text, false)).recommendations;
const starts = (text: string) => recsOf(text).map((r) => r.text.split(/\s+/).slice(0, 4).join(" "));
const read = (s: string) => readSentence(tagText(s));

describe("proposals in running text", () => {
  it("reads 'my duty to recommend' as the author's recommendation", () => {
    expect(read("The state of the parks renders it my plain duty to recommend a new fund for their upkeep.").kind).toBe("performative");
  });

  it("reads necessity judged by the author ('it appears to me necessary to', 'I think it necessary to') as a proposal", () => {
    expect(starts("Some towns have no park at all. In addition to these grants, it appears to me necessary to buy land near the rail lines.\n")).toEqual(["In addition to these"]);
    expect(starts("Land prices keep rising. I think it highly necessary to buy land before the next census.\n")).toEqual(["I think it highly"]);
  });

  it("reads laying a matter before the reader ('my duty to present the subject to your consideration') as recommending it", () => {
    expect(read("Though a remedy will be hard to find, I have thought it my duty to present the subject to your consideration.").kind).toBe("performative");
    expect(read("We present the results to the reader in table 2.").kind).toBeNull();
  });

  it("ends an item where the next sentence proposes again, so each proposal is its own item", () => {
    expect(starts("It remains for the legislature to set aside money for new parks. In addition to this money, it appears to me necessary to buy land near the rail lines.\n")).toEqual(["It remains for the", "In addition to this"]);
  });

  it("reads 'It remains for X to ...' as what a party is asked to do", () => {
    expect(starts("The towns have done what they can. It remains for the legislature to set aside money for new parks.\n")).toEqual(["It remains for the"]);
  });

  it("takes a commitment to send a bill, not a report sent to a clerk", () => {
    expect(read("Next week I will send to the council a bill to create three parks.").kind).toBe("commitment");
    expect(starts("Next week I will send to the council a bill to create three parks.\n")).toEqual(["Next week I will"]);
    expect(recsOf("I have had prepared a summary which I will submit to the clerk tonight.\n")).toEqual([]);
  });

  it("reads 'we will put forward a plan' as proposing it", () => {
    expect(starts("We will work with the counties to put forward a plan for river parks.\n")).toEqual(["We will work with"]);
  });

  it("reads a standing request in the present perfect ('I have asked the council to ...')", () => {
    expect(starts("I have, therefore, asked the council to delay the sale of the old fairground.\n")).toEqual(["I have, therefore, asked"]);
    expect(recsOf("In 2019 we asked park staff to count visitors.\n")).toEqual([]);
  });

  it("does not read an appeal for a change of mind ('I ask you to reconcile ...') as a proposal", () => {
    expect(recsOf("To the doubters, I ask you to reconcile your love of open space with a vote against every park.\n")).toEqual([]);
    expect(starts("I ask the council to buy the old fairground for a park.\n")).toEqual(["I ask the council"]);
  });

  it("does not read a performative inside a relative clause as the sentence's act", () => {
    expect(read("Most of the program I am recommending is a parks program.").kind).toBeNull();
    expect(read("Today I recommend a parks program.").kind).toBe("performative");
  });

  it("does not read 'owe this duty', which refers back, as an obligation", () => {
    expect(read("All of us owe this duty.").kind).toBeNull();
    expect(read("The council owes every child a park within walking distance.").kind).toBe("deontic");
  });

  it("reads 'we shall' as a commitment, and nothing inside an 'if' clause", () => {
    expect(read("We shall establish a parks trust this year.").kind).toBe("commitment");
    expect(recsOf("If we shall now enlarge these parks, the upkeep will double.\n")).toEqual([]);
  });
});

describe("enumerations and headings", () => {
  it("follows ordinals written as sentences of their own ('First. To ...')", () => {
    expect(starts("Two measures are deemed expedient. First. To plant trees along every school route. Secondly. To open school yards to the public on weekends.\n")).toEqual([
      "First. To plant trees",
      "Secondly. To open school",
    ]);
  });

  it("reads a mandative subjunctive as an obligation, and a list of named topics under it as advice", () => {
    expect(read("Good upkeep demands that a town buy land ten years ahead.").kind).toBe("deontic");
    expect(read("The towns demand that the state pays for the parks.").kind).toBeNull();
    const doc = "Planning parks well demands that a town focus on two topics:\n\n1. Land reserves: Buying land before prices rise.\n2. Shared upkeep: Splitting the cost of care between neighbouring towns.\n\nBoth take years.\n";
    expect(starts(doc)).toEqual(["Land reserves: Buying land", "Shared upkeep: Splitting the"]);
  });

  it("reads one-sentence paragraphs after a lead-in naming the proposals as a list of them", () => {
    const doc = "Tonight I want to describe the main provisions of the parks bill.\n\nThis bill will set aside land in every growing town.\n\nIt will share the cost of upkeep between neighbouring towns.\n\nFinally, this bill will open school yards on weekends.\n\nThe towns have waited long enough.\n";
    expect(starts(doc)).toEqual(["This bill will set", "It will share the", "Finally, this bill will"]);
  });

  it("does not read what elaborates a proposal just made as a list of new ones", () => {
    const doc = "I recommend a law to carry out these provisions for the parks.\n\nSuch a law should also fix the size of each park.\n\nIt will require a survey of every town.\n";
    expect(starts(doc)).toEqual(["I recommend a law"]);
  });

  it("reads a heading the tagger takes for an adjective ('Welcome', 'Open') as an imperative", () => {
    const doc = "Some lessons from running park days follow.\n\nWelcome volunteers with a printed guide\n\nNew people get lost.\n\nOpen the gates an hour early\n\nCrowds form before the start.\n\nKeep a table for questions\n\nPeople ask the same things.\n";
    expect(starts(doc)).toEqual(["Welcome volunteers with a", "Open the gates an", "Keep a table for"]);
  });
});

const objectionsOf = (text: string) => extract(parseText("doc.txt", INTRO + text, false)).objections.map((o) => o.text);

describe("objections the document reports", () => {
  it("reads a direct question after a verb of asking as the askers' objection", () => {
    const doc = "I propose a new park on the river.\n\nMany of you have asked, won't this raise our taxes? It will not.\n\nOthers have asked a harder question: why build on land that floods?\n";
    expect(objectionsOf(doc)).toEqual(["Many of you have asked, won't this raise our taxes?", "Others have asked a harder question: why build on land that floods?"]);
  });

  it("reads a speaker's label as no part of what is said ('AB: The danger is that ...')", () => {
    expect(objectionsOf("AB: I would start with the river park.\n\nCD: The danger is that people will expect it to open next year.\n")).toEqual(["CD: The danger is that people will expect it to open next year."]);
  });

  it("reads what is called a 'subject of complaint' and a protest document's lament", () => {
    expect(objectionsOf("The closing of the east gate forms another subject of complaint.\n")).toHaveLength(1);
    expect(objectionsOf("The petition laments \"that the new rules favour the larger towns.\"\n")).toHaveLength(0);
    expect(objectionsOf("The remonstrance laments \"that the new rules favour the larger towns.\"\n")).toHaveLength(1);
  });

  it("reads a concessive clause that grants a difficulty, and what the author is sensible of", () => {
    expect(objectionsOf("Although the purchase may be attended with difficulty, the land should be bought this year.\n")).toHaveLength(1);
    expect(objectionsOf("Although the towns grew quickly, the land should be bought this year.\n")).toHaveLength(0);
    expect(objectionsOf("But although a park system appears requisite, I am sensible it can not be built in one season.\n")).toHaveLength(1);
  });

  it("reads what the author knows to be hard or unpopular as a conceded objection, not the problem the author states", () => {
    expect(objectionsOf("Now, I know that closing the old road for a park is not going to be popular.\n")).toHaveLength(1);
    expect(objectionsOf("We know that rising land prices will leave many towns without parks.\n")).toHaveLength(0);
  });

  it("reads objections counted off by their noun ('Other questions involve ...')", () => {
    expect(objectionsOf("Other questions involve the cost of upkeep.\n")).toHaveLength(1);
    expect(objectionsOf("Questions for discussion follow at the end.\n")).toHaveLength(0);
  });

  it("reads an answer addressed 'To those who ...' as answering their position", () => {
    expect(objectionsOf("To those who would leave every park to the towns alone, the answer is simple: the rivers cross town lines.\n")).toHaveLength(1);
  });

  it("does not take the author as the objector when the protest is only mentioned", () => {
    expect(objectionsOf("It is not in the remonstrance that we find it.\n")).toEqual([]);
  });
});
