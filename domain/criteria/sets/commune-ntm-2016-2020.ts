import type { CriteriaSetInput } from '../schema';
import { frame, NATIONAL_GROUPS, NATIONAL_REVOCATION_KEY_CRITERIA } from './national-commune-19';

/**
 * Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2016-2020 (QĐ 1980/QĐ-TTg ngày 17/10/2016).
 *
 * Criteria names: as seed 004's appendix header spells them (e.g. 12 "Tỷ lệ lao động có việc làm").
 * Indicators: the 49 chỉ tiêu of QĐ 1980 as commonly cited; the seeds confirm 8.1-8.4 (seed 004 §1.2a
 * counts communes with a postal point, telecoms/internet, loudspeakers, IT in administration), 14.3
 * (seed 000 "tỷ lệ lao động có việc làm qua đào tạo của tiêu chí Giáo dục và đào tạo"), 18.1/18.3
 * (seed 004 §1.9) and 19.1 (seed 000, quoted). The regional pass levels of QĐ 1980 were not available
 * in a source here: every threshold is `sourced: false`, and numeric ones carry no value unless a
 * secondary report gave one (then the note says so). Reviewers' judgements settle the rest.
 */
const UNSOURCED = { sourced: false, note: 'Mức đạt theo QĐ 1980/QĐ-TTg chưa đối chiếu văn bản gốc' } as const;
const judged = { kind: 'judgement', ...UNSOURCED } as const;

export const COMMUNE_NTM_2016_2020: CriteriaSetInput = {
  id: 'commune-ntm-2016-2020',
  nameVi: 'Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2016-2020',
  nameEn: 'National criteria for new-rural communes, 2016-2020',
  scope: 'commune',
  standard: 'dat-chuan',
  period: { from: 2016, to: 2020 },
  legalBasis: [
    {
      decision: '1980/QĐ-TTg',
      date: '2016-10-17',
      issuerVi: 'Thủ tướng Chính phủ',
      titleVi: 'Ban hành Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2016-2020',
      sourced: true,
      source: 'Số và ngày: trích dẫn trong QĐ 816/QĐ-UBND ngày 19/5/2017 của UBND tỉnh Hòa Bình (ls1.hethongphapluat.com); 19 tiêu chí: seed 004, phụ lục',
    },
  ],
  groups: NATIONAL_GROUPS,
  revocationKeyCriteria: NATIONAL_REVOCATION_KEY_CRITERIA,
  completeness: {
    criteriaInLegalText: 19,
    indicatorsInLegalText: 49,
    noteVi:
      'Đủ 19 tiêu chí và 49 chỉ tiêu; tên chỉ tiêu chưa đối chiếu văn bản gốc (trừ 8.x, 14.3, 18.1, 18.3, 19.1 có trong seed); mức đạt theo vùng là giá trị tạm (sourced: false).',
    noteEn:
      'All 19 criteria and 49 indicators; indicator names not checked against the original text (except 8.x, 14.3, 18.1, 18.3, 19.1, found in the seeds); regional pass levels are placeholders (sourced: false).',
  },
  criteria: [
    {
      ...frame('1'),
      nameVi: 'Quy hoạch',
      nameEn: 'Planning',
      indicators: [
        {
          code: '1.1',
          nameVi: 'Có quy hoạch chung xây dựng xã được phê duyệt và công bố công khai',
          nameEn: 'Approved and published general construction plan of the commune',
          threshold: judged,
        },
        {
          code: '1.2',
          nameVi: 'Ban hành quy định quản lý quy hoạch và tổ chức thực hiện theo quy hoạch',
          nameEn: 'Planning management rules issued and plan implemented',
          threshold: judged,
        },
      ],
    },
    {
      ...frame('2'),
      nameVi: 'Giao thông',
      nameEn: 'Transport',
      indicators: [
        {
          code: '2.1',
          nameVi: 'Đường xã và đường từ trung tâm xã đến đường huyện được nhựa hóa hoặc bê tông hóa',
          nameEn: 'Commune roads and roads to the district road asphalted or concreted',
          threshold: judged,
        },
        {
          code: '2.2',
          nameVi: 'Đường trục thôn, bản và đường liên thôn, bản được cứng hóa',
          nameEn: 'Village and inter-village roads hardened',
          threshold: judged,
        },
        { code: '2.3', nameVi: 'Đường ngõ, xóm sạch và không lầy lội vào mùa mưa', nameEn: 'Lanes clean and not muddy in the rainy season', threshold: judged },
        {
          code: '2.4',
          nameVi: 'Đường trục chính nội đồng đảm bảo vận chuyển hàng hóa thuận tiện quanh năm',
          nameEn: 'Main field roads usable for transport all year',
          threshold: judged,
        },
      ],
    },
    {
      ...frame('3'),
      nameVi: 'Thủy lợi',
      nameEn: 'Irrigation',
      indicators: [
        {
          code: '3.1',
          nameVi: 'Tỷ lệ diện tích đất sản xuất nông nghiệp được tưới và tiêu nước chủ động',
          nameEn: 'Share of farmland with controlled irrigation and drainage',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
        {
          code: '3.2',
          nameVi: 'Đảm bảo yêu cầu dân sinh và phòng chống thiên tai tại chỗ',
          nameEn: 'Meets local livelihood and disaster-prevention requirements',
          threshold: judged,
        },
      ],
    },
    {
      ...frame('4'),
      nameVi: 'Điện',
      nameEn: 'Electricity',
      indicators: [
        { code: '4.1', nameVi: 'Hệ thống điện đạt chuẩn', nameEn: 'Power system meets the standard', threshold: judged },
        {
          code: '4.2',
          nameVi: 'Tỷ lệ hộ sử dụng điện thường xuyên, an toàn từ các nguồn',
          nameEn: 'Share of households with regular, safe electricity',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
      ],
    },
    {
      ...frame('5'),
      nameVi: 'Trường học',
      nameEn: 'Schools',
      indicators: [
        {
          code: '5',
          nameVi: 'Tỷ lệ trường học các cấp có cơ sở vật chất và thiết bị dạy học đạt chuẩn quốc gia',
          nameEn: 'Share of schools whose facilities meet the national standard',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
      ],
    },
    {
      ...frame('6'),
      nameVi: 'Cơ sở vật chất văn hóa',
      nameEn: 'Cultural facilities',
      indicators: [
        {
          code: '6.1',
          nameVi: 'Xã có nhà văn hóa hoặc hội trường đa năng và sân thể thao',
          nameEn: 'Commune has a cultural house or multi-purpose hall and a sports ground',
          threshold: judged,
        },
        {
          code: '6.2',
          nameVi: 'Xã có điểm vui chơi, giải trí và thể thao cho trẻ em và người cao tuổi',
          nameEn: 'Commune has play and sports spaces for children and the elderly',
          threshold: judged,
        },
        {
          code: '6.3',
          nameVi: 'Tỷ lệ thôn, bản có nhà văn hóa hoặc nơi sinh hoạt văn hóa, thể thao',
          nameEn: 'Share of villages with a cultural house or sports place',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
      ],
    },
    {
      ...frame('7'),
      nameVi: 'Cơ sở hạ tầng thương mại nông thôn',
      nameEn: 'Rural commerce infrastructure',
      indicators: [
        {
          code: '7',
          nameVi: 'Xã có chợ nông thôn hoặc nơi mua bán, trao đổi hàng hóa',
          nameEn: 'Commune has a rural market or trading place',
          threshold: judged,
        },
      ],
    },
    {
      ...frame('8'),
      nameVi: 'Thông tin và truyền thông',
      nameEn: 'Information and communications',
      indicators: [
        { code: '8.1', nameVi: 'Xã có điểm phục vụ bưu chính', nameEn: 'Commune has a postal service point', threshold: judged },
        { code: '8.2', nameVi: 'Xã có dịch vụ viễn thông, internet', nameEn: 'Commune has telecoms and internet service', threshold: judged },
        {
          code: '8.3',
          nameVi: 'Xã có đài truyền thanh và hệ thống loa đến các thôn, bản',
          nameEn: 'Commune has a radio station and loudspeakers to every village',
          threshold: judged,
        },
        {
          code: '8.4',
          nameVi: 'Xã có ứng dụng công nghệ thông tin trong công tác quản lý, điều hành',
          nameEn: 'Commune uses IT in administration',
          threshold: judged,
        },
      ],
    },
    {
      ...frame('9'),
      nameVi: 'Nhà ở dân cư',
      nameEn: 'Housing',
      indicators: [
        { code: '9.1', nameVi: 'Nhà tạm, dột nát', nameEn: 'No temporary or dilapidated houses', threshold: judged },
        {
          code: '9.2',
          nameVi: 'Tỷ lệ hộ có nhà ở đạt tiêu chuẩn theo quy định',
          nameEn: 'Share of households whose house meets the standard',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
      ],
    },
    {
      ...frame('10'),
      nameVi: 'Thu nhập',
      nameEn: 'Income',
      indicators: [
        {
          code: '10',
          nameVi: 'Thu nhập bình quân đầu người khu vực nông thôn',
          nameEn: 'Average rural income per person',
          threshold: {
            kind: 'min',
            unit: 'trieu-dong/nguoi/nam',
            byRegion: { 'trung-du-mien-nui-phia-bac': 36 },
            sourced: false,
            note: 'Mức năm 2020 vùng trung du miền núi phía Bắc theo một bài báo thứ cấp (pubgduo.com/vi-mo/5024.html); các năm 2016-2019 và các vùng khác chưa có; chưa đối chiếu QĐ 1980',
          },
        },
      ],
    },
    {
      ...frame('11'),
      nameVi: 'Hộ nghèo',
      nameEn: 'Poor households',
      indicators: [
        {
          code: '11',
          nameVi: 'Tỷ lệ hộ nghèo đa chiều giai đoạn 2016-2020',
          nameEn: 'Multidimensional poverty rate, 2016-2020',
          threshold: { kind: 'max', unit: 'percent', ...UNSOURCED },
        },
      ],
    },
    {
      ...frame('12'),
      nameVi: 'Tỷ lệ lao động có việc làm',
      nameEn: 'Employment rate',
      indicators: [
        {
          code: '12',
          nameVi: 'Tỷ lệ người có việc làm trên dân số trong độ tuổi lao động có khả năng tham gia lao động',
          nameEn: 'Employed share of the working-age population able to work',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
      ],
    },
    {
      ...frame('13'),
      nameVi: 'Tổ chức sản xuất',
      nameEn: 'Production organisation',
      indicators: [
        {
          code: '13.1',
          nameVi: 'Xã có hợp tác xã hoạt động theo đúng quy định của Luật Hợp tác xã',
          nameEn: 'Commune has a cooperative operating under the Cooperatives Law',
          threshold: judged,
        },
        {
          code: '13.2',
          nameVi: 'Xã có mô hình liên kết sản xuất gắn với tiêu thụ nông sản chủ lực',
          nameEn: 'Commune has a production-linkage model for its main produce',
          threshold: judged,
        },
      ],
    },
    {
      ...frame('14'),
      nameVi: 'Giáo dục và đào tạo',
      nameEn: 'Education and training',
      indicators: [
        {
          code: '14.1',
          nameVi: 'Phổ cập giáo dục mầm non cho trẻ 5 tuổi, xóa mù chữ, phổ cập giáo dục tiểu học và trung học cơ sở',
          nameEn: 'Universal pre-school (age 5), literacy, universal primary and lower-secondary education',
          owner: 'GD_DT',
          threshold: judged,
        },
        {
          code: '14.2',
          nameVi: 'Tỷ lệ học sinh tốt nghiệp trung học cơ sở được tiếp tục học trung học',
          nameEn: 'Share of lower-secondary graduates continuing to upper secondary or vocational school',
          owner: 'GD_DT',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
        {
          code: '14.3',
          nameVi: 'Tỷ lệ lao động có việc làm qua đào tạo',
          nameEn: 'Share of employed workers who are trained',
          owner: 'LD_TBXH',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
      ],
    },
    {
      ...frame('15'),
      nameVi: 'Y tế',
      nameEn: 'Health',
      indicators: [
        {
          code: '15.1',
          nameVi: 'Tỷ lệ người dân tham gia bảo hiểm y tế',
          nameEn: 'Health-insurance coverage',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
        { code: '15.2', nameVi: 'Xã đạt tiêu chí quốc gia về y tế', nameEn: 'Commune meets the national health criteria', threshold: judged },
        {
          code: '15.3',
          nameVi: 'Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi',
          nameEn: 'Stunting rate among children under 5',
          threshold: { kind: 'max', unit: 'percent', ...UNSOURCED },
        },
      ],
    },
    {
      ...frame('16'),
      nameVi: 'Văn hóa',
      nameEn: 'Culture',
      indicators: [
        {
          code: '16',
          nameVi: 'Tỷ lệ thôn, bản đạt tiêu chuẩn văn hóa theo quy định',
          nameEn: 'Share of villages recognised as cultural villages',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
      ],
    },
    {
      ...frame('17'),
      nameVi: 'Môi trường và an toàn thực phẩm',
      nameEn: 'Environment and food safety',
      indicators: [
        {
          code: '17.1',
          nameVi: 'Tỷ lệ hộ được sử dụng nước hợp vệ sinh và nước sạch theo quy định',
          nameEn: 'Share of households using hygienic and clean water',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
        {
          code: '17.2',
          nameVi: 'Tỷ lệ cơ sở sản xuất - kinh doanh, nuôi trồng thủy sản, làng nghề đảm bảo quy định về bảo vệ môi trường',
          nameEn: 'Share of businesses, aquaculture and craft villages meeting environmental rules',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
        {
          code: '17.3',
          nameVi: 'Xây dựng cảnh quan, môi trường xanh - sạch - đẹp, an toàn',
          nameEn: 'Green, clean, beautiful and safe landscape',
          threshold: judged,
        },
        { code: '17.4', nameVi: 'Mai táng phù hợp với quy định và theo quy hoạch', nameEn: 'Burials follow the rules and the plan', threshold: judged },
        {
          code: '17.5',
          nameVi: 'Chất thải rắn và nước thải được thu gom, xử lý theo quy định',
          nameEn: 'Solid waste and waste water collected and treated',
          threshold: judged,
        },
        {
          code: '17.6',
          nameVi: 'Tỷ lệ hộ có nhà tiêu, nhà tắm, bể chứa nước sinh hoạt hợp vệ sinh và đảm bảo 3 sạch',
          nameEn: 'Share of households with hygienic latrine, bathroom and water tank',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
        {
          code: '17.7',
          nameVi: 'Tỷ lệ hộ chăn nuôi có chuồng trại đảm bảo vệ sinh môi trường',
          nameEn: 'Share of livestock households with hygienic pens',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
        {
          code: '17.8',
          nameVi: 'Tỷ lệ hộ gia đình và cơ sở sản xuất, kinh doanh thực phẩm tuân thủ quy định về an toàn thực phẩm',
          nameEn: 'Share of households and food businesses complying with food-safety rules',
          threshold: { kind: 'min', unit: 'percent', ...UNSOURCED },
        },
      ],
    },
    {
      ...frame('18'),
      nameVi: 'Hệ thống chính trị và tiếp cận pháp luật',
      nameEn: 'Political system and access to law',
      indicators: [
        { code: '18.1', nameVi: 'Cán bộ, công chức xã đạt chuẩn', nameEn: 'Commune officials meet the standard', owner: 'NOI_VU', threshold: judged },
        {
          code: '18.2',
          nameVi: 'Có đủ các tổ chức trong hệ thống chính trị cơ sở theo quy định',
          nameEn: 'All grassroots political organisations in place',
          owner: 'NOI_VU',
          threshold: judged,
        },
        {
          code: '18.3',
          nameVi: 'Đảng bộ, chính quyền xã đạt tiêu chuẩn "trong sạch, vững mạnh"',
          nameEn: 'Party committee and government rated "clean and strong"',
          owner: 'NOI_VU',
          threshold: judged,
        },
        {
          code: '18.4',
          nameVi: 'Tổ chức chính trị - xã hội của xã đạt loại khá trở lên',
          nameEn: 'Socio-political organisations rated good or better',
          owner: 'NOI_VU',
          threshold: judged,
        },
        {
          code: '18.5',
          nameVi: 'Xã đạt chuẩn tiếp cận pháp luật theo quy định',
          nameEn: 'Commune meets the access-to-law standard',
          owner: 'TU_PHAP',
          threshold: judged,
        },
        {
          code: '18.6',
          nameVi: 'Đảm bảo bình đẳng giới và phòng chống bạo lực gia đình',
          nameEn: 'Gender equality and prevention of domestic violence',
          owner: 'NOI_VU',
          threshold: judged,
        },
      ],
    },
    {
      ...frame('19'),
      nameVi: 'Quốc phòng và an ninh',
      nameEn: 'Defence and security',
      indicators: [
        {
          code: '19.1',
          nameVi: 'Xây dựng lực lượng dân quân "vững mạnh, rộng khắp" và hoàn thành các chỉ tiêu quốc phòng',
          nameEn: 'Militia "strong and widespread"; defence targets met',
          owner: 'BCH_QUAN_SU',
          threshold: judged,
        },
        {
          code: '19.2',
          nameVi: 'Xã đạt chuẩn an toàn về an ninh, trật tự xã hội',
          nameEn: 'Commune meets the public-security and social-order standard',
          owner: 'CONG_AN',
          threshold: judged,
        },
      ],
    },
  ],
};
