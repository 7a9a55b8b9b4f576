/**
 * Sample news used by the offline demo source (`npm start` without SERPER_API_KEY) and by the tests' fake
 * search server. The people and places are fictional; every page says it is a sample.
 */
export interface SampleArticle {
  slug: string;
  title: string;
  outlet: string;
  author: string;
  publishedTime: string;
  /** Human date as Serper returns it in `date`. */
  ago: string;
  snippet: string;
  paragraphs: string[];
}

export const SAMPLE_ARTICLES: SampleArticle[] = [
  {
    slug: 'solar-farms',
    title: 'Millbrook Builds Three Community Solar Farms to Cut Household Bills',
    outlet: 'The Daily Local',
    author: 'Hannah Okafor',
    publishedTime: '2026-11-20T08:00:00Z',
    ago: '2 hours ago',
    snippet:
      'The town of Millbrook has finished building the first of three community solar farms, a project that ' +
      'local leaders say will lower electricity bills for more than 2,000 households.',
    paragraphs: [
      'The town of Millbrook has finished building the first of three community solar farms, a project that ' +
        'local leaders say will lower electricity bills for more than 2,000 households over the next decade.',
      'The first farm sits on 12 acres of former pasture land east of the town center. It holds about 9,000 ' +
        'solar panels and began sending power to the local grid on Monday. Two more sites, one next to the water ' +
        'treatment plant and one on the roof of an old warehouse, are due to open by the end of next summer.',
      'Unlike a private solar array on a single house, a community solar farm lets many people share the power ' +
        'from one large site. Residents who sign up receive a credit on their monthly bill for their share of the ' +
        'electricity the panels produce. Renters and people whose roofs are too small or too shady can take part, ' +
        'which was one of the main goals of the plan.',
      '"We wanted clean energy to be something every family in Millbrook could use, not only people who own a ' +
        'big house with a sunny roof," said Mayor Daniel Reyes at a small ceremony beside the new panels. "This ' +
        'is power made here, paid for here, and used here."',
      'The project cost about $14 million. Around half of the money came from a state clean energy grant, and ' +
        'the rest was borrowed through a low-interest loan that the town will repay from the sale of electricity. ' +
        'Town officials expect the loan to be fully paid off in about 15 years, after which most of the income ' +
        'will go back to residents.',
      'Early numbers suggest that a typical household that joins the program will save between $20 and $35 a ' +
        'month. Families with lower incomes will receive a larger share of the credits under a rule the town ' +
        'council approved in the spring.',
      'Not everyone welcomed the plan at first. Some neighbors of the pasture site worried about the view and ' +
        'about losing farmland. To answer those concerns, the town planted a row of trees along the road and ' +
        'agreed to let local farmers graze sheep between the rows of panels. The sheep keep the grass short, ' +
        'which saves money on mowing.',
      'Ruth Alvarez, who has lived next to the site for 30 years, said she changed her mind after visiting a ' +
        'similar farm in a nearby county. "I expected something ugly and noisy," she said. "It is actually very ' +
        'quiet, and I like seeing the sheep out there in the morning."',
      'Work on the second site will begin in January. The town says about 600 more households can still join ' +
        'the program, and sign-ups will open online and at the town library next week.',
    ],
  },
  {
    slug: 'wind-power',
    title: 'Offshore Wind Farm Near Port Calloway Sends First Power to the Grid',
    outlet: 'Coastal Herald',
    author: 'Marcus Lindqvist',
    publishedTime: '2026-11-19T14:30:00Z',
    ago: '1 day ago',
    snippet:
      'The first electricity from the Silver Bank offshore wind farm reached homes on the coast this week, ' +
      'marking the end of nearly four years of planning and construction.',
    paragraphs: [
      'The first electricity from the Silver Bank offshore wind farm reached homes on the coast this week, ' +
        'marking the end of nearly four years of planning and construction off Port Calloway.',
      'The wind farm stands about 18 miles out to sea, far enough that the turbines look like thin white lines ' +
        'from the beach on a clear day. When it is complete, it will have 40 turbines, each taller than most city ' +
        'office buildings. Twelve of them are already turning, and the rest should be working by the middle of ' +
        'next year.',
      'At full size, the project is expected to produce enough electricity for about 300,000 homes. Power ' +
        'travels from the turbines through cables buried in the sea floor to a new substation near the old ' +
        'fishing harbor, where it joins the regional grid.',
      '"Today the wind off our coast started doing real work for the people who live here," said Elena Brandt, ' +
        'the project director. "The winds at sea are stronger and steadier than on land, so these turbines will ' +
        'be spinning for most of the year."',
      'Building at sea is difficult and expensive. Special ships carried the giant blades and towers from a port ' +
        'in the north, and crews could only work on calm days. Storms last winter delayed the schedule by almost ' +
        'three months. The total cost of the project is estimated at $2.1 billion.',
      'The wind farm has also brought new jobs to Port Calloway. About 150 people now work at the harbor, where ' +
        'technicians prepare parts and boats leave each morning to carry maintenance teams to the turbines. The ' +
        'local college has started a training course for wind technicians, and its first class of 25 students ' +
        'finished in the spring.',
      'Local fishermen were worried at first that the construction would harm fish and block their routes. The ' +
        'developer agreed to keep wide lanes open between the turbines and to pay for a five-year study of fish ' +
        'populations in the area. Early results from the study have not shown major changes, but researchers say ' +
        'it is too soon to be sure.',
      'Jonah Pike, who has fished out of Port Calloway for two decades, said he is still cautious. "The money ' +
        'and the jobs are good for the town," he said. "But the sea is how we make a living, and we will be ' +
        'watching closely."',
    ],
  },
  {
    slug: 'battery-storage',
    title: 'Giant Batteries Help Keep the Lights On During Evening Peaks',
    outlet: 'Energy Wire',
    author: 'Priya Raman',
    publishedTime: '2026-11-18T11:00:00Z',
    ago: '2 days ago',
    snippet:
      'As more electricity comes from wind and solar power, grid operators are turning to large batteries to ' +
      'cover the evening peak in demand.',
    paragraphs: [
      "As more of the country's electricity comes from wind and solar power, grid operators face a simple " +
        'problem: the sun sets and the wind sometimes stops, but people still need power in the evening. A ' +
        'growing answer to that problem is the large battery.',
      'In the past three years, energy companies have built dozens of grid-scale battery sites. From the outside ' +
        'they look like rows of shipping containers. Inside are thousands of lithium-ion cells, similar to those ' +
        'in a phone or electric car, but connected together to store huge amounts of energy.',
      'The idea is to charge the batteries in the middle of the day, when solar panels produce more power than ' +
        'people use and electricity is cheap. In the early evening, when demand rises as people come home, cook ' +
        'dinner and turn on lights, the batteries send that stored power back to the grid.',
      '"Five years ago, we had to start up old gas plants almost every evening to cover the peak," said Tom ' +
        'Whitfield, an engineer at the regional grid operator. "Now, on many days, batteries do most of that ' +
        'job, and they can respond in less than a second."',
      "Most of today's grid batteries can deliver power for about four hours before they need to recharge. That " +
        'is enough to cover the evening peak, but not enough to keep a city running through several cloudy, ' +
        'windless days. Researchers are testing other types of storage, such as iron-air batteries and systems ' +
        'that pump water uphill, to fill longer gaps.',
      'The batteries also raise safety questions. Lithium-ion cells can overheat and, in rare cases, catch fire. ' +
        'Newer sites place the containers farther apart and use better cooling and fire detection systems, and ' +
        'fire departments receive special training before a site opens.',
      'Costs have fallen quickly. The price of battery packs has dropped by more than half in the last decade, ' +
        'and analysts expect storage to keep growing as more solar and wind farms come online.',
    ],
  },
];
